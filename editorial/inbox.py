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
                title=str(obj),
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
