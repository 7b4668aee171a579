"""The site menu: one query, assembled in Python."""

from dataclasses import dataclass, field

from core.i18n import language_codes
from news.models import LanguageLedger
from pages.models import Destination, MenuItem

# What the menu reads of a linked page is its status, titles and slugs: its
# body and introduction (up to 100,000 characters per language) stay behind.
PAGE_TEXT = ("body", "introduction")


@dataclass
class MenuEntry:
    title: str
    url: str | None
    children: list["MenuEntry"] = field(default_factory=list)


def build_menu(language: str) -> list[MenuEntry]:
    """Top-level entries with their children, as ``language`` readers see them.

    An entry that leads to a draft content page, to one missing in
    ``language``, to a part of the site that does not exist, or to the
    language-parity ledger while it is not published, is left out: no entry
    is a 404.
    """
    deferred = [
        f"page__{name}{suffix}"
        for name in PAGE_TEXT
        for suffix in ["", *(f"_{code}" for code in language_codes())]
    ]
    items = list(
        MenuItem.objects.select_related("page")
        .defer(*deferred)
        .order_by("sort_order", "pk")
    )
    entries: dict[int, MenuEntry] = {}
    top: list[MenuEntry] = []
    # The ledger's page is a 404 while the organisation does not publish it:
    # asked only when an entry leads there.
    hidden = set()
    if any(item.destination == Destination.LANGUAGES for item in items):
        if not LanguageLedger.is_public():
            hidden.add(Destination.LANGUAGES)
    for item in sorted(items, key=lambda i: i.parent_id is not None):
        if item.page_id and (
            not item.page.is_published or language not in item.page.languages()
        ):
            continue
        if item.destination in hidden:
            continue
        title = getattr(item, f"title_{language}", "") or str(item)
        entry = MenuEntry(title=title, url=item.resolve_url())
        if entry.url is None:
            continue
        if item.parent_id is None:
            entries[item.pk] = entry
            top.append(entry)
        elif item.parent_id in entries:
            entries[item.parent_id].children.append(entry)
    return top
