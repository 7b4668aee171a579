"""The work inbox on the admin home page: what waits for each person.

Content apps register panels in their ``ready()`` (``register(Panel(...))``),
as they register their translations and schedules: editorial knows no
content model. A panel shows to the people its ``shown_to(user)`` accepts
and lists at most ``LIMIT`` items from one query (``items(user)`` returns a
queryset; the total comes with the rows, as a window count), each linking to
its change form.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Window
from django.urls import reverse

LIMIT = 10


@dataclass(frozen=True)
class Panel:
    key: str
    title: str  # lazy text
    # Who sees the panel; a user who sees none gets no inbox.
    shown_to: Callable
    # ``items(user) -> QuerySet``: ordered, most pressing first.
    items: Callable
    # ``when(obj) -> (label, datetime | None)``: the date each item shows.
    when: Callable
    empty: str  # lazy text shown when nothing waits
    # Panels appear in this order.
    order: int = 100
    # The full list with the same selection (a changelist, a board).
    see_all: Callable | None = None
    # One line under the list, e.g. where the rest of the work is.
    note: str = ""
    # ``url(obj)``: where an item leads; its change form by default.
    url: Callable | None = None
    # Left out rather than shown empty (answers few people ever get).
    hide_when_empty: bool = False
    # ``title_of(obj)``: what an item is called; ``str(obj)`` by default.
    title_of: Callable | None = None


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


@dataclass
class Item:
    title: str
    url: str
    label: str
    when: object


@dataclass
class Shown:
    panel: Panel
    items: list[Item]
    total: int
    see_all: str = ""


def panels_for(user) -> list[Shown]:
    """The panels ``user`` sees, each read with one query."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda panel: panel.order):
        if not panel.shown_to(user):
            continue
        queryset: QuerySet = panel.items(user)
        rows = list(queryset.annotate(inbox_total=Window(Count("pk")))[:LIMIT])
        if not rows and panel.hide_when_empty:
            continue
        opts = queryset.model._meta
        items = [
            Item(
                title=panel.title_of(obj) if panel.title_of else str(obj),
                url=panel.url(obj)
                if panel.url
                else reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
                ),
                label=(dated := panel.when(obj))[0],
                when=dated[1],
            )
            for obj in rows
        ]
        shown.append(
            Shown(
                panel=panel,
                items=items,
                total=rows[0].inbox_total if rows else 0,
                see_all=panel.see_all() if panel.see_all else "",
            )
        )
    return shown


# Drafts of live content (editorial/drafts.py) in the same inbox.


def _title(draft) -> str:
    """The item's title as the draft has it, in the reader's language first."""
    from django.utils.translation import get_language

    fields = draft.data.get("fields", {})
    preferred = [f"title_{get_language()}", "title"]
    names = preferred + sorted(name for name in fields if name.startswith("title"))
    for name in names:
        if fields.get(name):
            return str(fields[name])
    return str(draft)


def _change_url(draft) -> str:
    from django.contrib.contenttypes.models import ContentType

    opts = ContentType.objects.get_for_id(draft.content_type_id).model_class()._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change", args=[draft.object_id]
    )


def _publishable_types(user) -> list[int]:
    """The content types whose items ``user`` may publish (their drafts too)."""
    from django.contrib.contenttypes.models import ContentType

    ids = []
    for permission in user.get_all_permissions():
        app_label, codename = permission.split(".", 1)
        if codename.startswith("publish_"):
            try:
                content_type = ContentType.objects.get_by_natural_key(
                    app_label, codename.removeprefix("publish_")
                )
            except ContentType.DoesNotExist:
                continue
            ids.append(content_type.pk)
    return ids


def _my_drafts(state):
    def items(user):
        from editorial.models import Draft

        return Draft.objects.filter(state=state, author=user).order_by(
            "-updated_at", "-pk"
        )

    return items


def _drafts_to_review(user):
    from editorial.models import Draft

    return (
        Draft.objects.pending()
        .filter(content_type_id__in=_publishable_types(user))
        .order_by("submitted_at", "pk")
    )


def _last_comment(draft) -> str:
    return getattr(draft, "last_comment", "") or ""


def register_draft_panels() -> None:
    from django.db.models import OuterRef, Subquery
    from django.utils.translation import gettext_lazy as _

    from editorial.models import Draft, DraftEvent

    def sent_back(user):
        comment = DraftEvent.objects.filter(
            draft=OuterRef("pk"), action=DraftEvent.Action.REJECTED
        ).order_by("-at", "-pk")
        return _my_drafts(Draft.State.REJECTED)(user).annotate(
            last_comment=Subquery(comment.values("comment")[:1])
        )

    register(
        Panel(
            key="drafts-review",
            title=_("Changes to live content waiting for my review"),
            shown_to=lambda user: bool(_publishable_types(user)),
            items=_drafts_to_review,
            when=lambda draft: (_("waiting since"), draft.submitted_at),
            empty=_("No change waits for your review."),
            order=29,
            url=_change_url,
            title_of=_title,
        )
    )
    register(
        Panel(
            key="drafts-sent-back",
            title=_("Changes sent back to me"),
            shown_to=lambda user: user.is_staff,
            items=sent_back,
            when=lambda draft: (_last_comment(draft), None),
            empty=_("Nothing was sent back to you."),
            order=5,
            url=_change_url,
            title_of=_title,
            hide_when_empty=True,
        )
    )
    register(
        Panel(
            key="drafts-mine",
            title=_("My changes to live content waiting for review"),
            shown_to=lambda user: user.is_staff,
            items=_my_drafts(Draft.State.PENDING),
            when=lambda draft: (_("waiting since"), draft.submitted_at),
            empty=_("No change of yours is waiting for review."),
            order=21,
            url=_change_url,
            title_of=_title,
            hide_when_empty=True,
        )
    )
