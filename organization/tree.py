"""The unit hierarchy assembled in Python from one flat query."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from core.i18n import shown_language

PATH_SEPARATOR = "/"


def path_segment(sort_order: int, pk: int) -> str:
    # Zero-padded so that string order is numeric order among siblings.
    return f"{sort_order:06d}.{pk:09d}{PATH_SEPARATOR}"


def tree_paths(
    rows: Iterable[tuple[int, int | None, int]],
) -> dict[int, tuple[str, int]]:
    """Map each ``(pk, parent_id, sort_order)`` to its ``(tree_path, depth)``.

    A unit whose parent is missing, or that sits in a cycle written around
    the validation, is treated as a root so that every unit gets a path.
    """
    rows = list(rows)
    parent_of = {pk: parent_id for pk, parent_id, _order in rows}
    order_of = {pk: order for pk, _parent, order in rows}
    result: dict[int, tuple[str, int]] = {}

    def resolve(pk: int, trail: frozenset = frozenset()) -> tuple[str, int]:
        if pk in result:
            return result[pk]
        parent_id = parent_of[pk]
        own = path_segment(order_of[pk], pk)
        if parent_id is None or parent_id not in parent_of or parent_id in trail:
            result[pk] = (own, 0)
        else:
            parent_path, parent_depth = resolve(parent_id, trail | {pk})
            result[pk] = (parent_path + own, parent_depth + 1)
        return result[pk]

    for pk in parent_of:
        resolve(pk)
    return result


def ancestor_ids(tree_path: str) -> list[int]:
    """The pks of a unit's ancestors, root first, read from its tree path."""
    segments = [s for s in tree_path.split(PATH_SEPARATOR) if s]
    return [int(segment.split(".")[1]) for segment in segments[:-1]]


@dataclass
class Node:
    """A unit in the assembled tree, with what the structure page shows."""

    unit: Any
    children: list["Node"] = field(default_factory=list)
    head: Any = None
    holder: Any = None  # the current head tenure, if any

    @property
    def pk(self) -> int:
        return self.unit.pk


def build_tree(units: Iterable[Any]) -> list[Node]:
    """Nest ``units`` under their parents; siblings keep the given order."""
    nodes = {unit.pk: Node(unit=unit) for unit in units}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def prepare(unit: Any, language: str) -> Any:
    """Give ``unit`` what a link to it needs: its URL (or None when it has
    no page in ``language``) and the language its shown name is written in."""
    unit.name_lang = shown_language(unit, "name", language)
    unit.public_url = (
        unit.get_absolute_url() if getattr(unit, f"name_{language}", None) else None
    )
    return unit


def structure_tree(language: str) -> list[Node]:
    """The whole hierarchy with each unit's head post and its current holder.

    Three queries whatever the number of units: units, head posts, current
    tenures of head posts.
    """
    from organization.models import Post, Tenure, Unit

    units = [prepare(unit, language) for unit in Unit.objects.for_tree()]
    heads = {post.unit_id: post for post in Post.objects.heads()}
    holders = {}
    for tenure in (
        Tenure.objects.current()
        .filter(post__is_head=True)
        .select_related("person")
        .order_by("is_acting", "-starts_on", "-pk")
    ):
        holders.setdefault(tenure.post_id, tenure)
    roots = build_tree(units)
    stack = list(roots)
    while stack:
        node = stack.pop()
        node.head = heads.get(node.pk)
        if node.head is not None:
            node.holder = holders.get(node.head.pk)
        stack.extend(node.children)
    return roots


def unit_page(unit: Any, language: str) -> dict:
    """Breadcrumbs, sub-units, posts with holders and former heads of ``unit``.

    Four queries whatever the size of the hierarchy.
    """
    from organization.models import Post, Tenure, Unit

    parent_of = dict(Unit.objects.values_list("pk", "parent_id"))
    trail, seen = [], {unit.pk}
    ancestor = parent_of.get(unit.pk)
    while ancestor is not None and ancestor not in seen:
        trail.append(ancestor)
        seen.add(ancestor)
        ancestor = parent_of.get(ancestor)
    related = {
        other.pk: prepare(other, language)
        for other in Unit.objects.filter(Q(pk__in=trail) | Q(parent=unit.pk))
    }
    ancestors = [related[pk] for pk in reversed(trail) if pk in related]
    children = sorted(
        (u for u in related.values() if u.parent_id == unit.pk),
        key=lambda u: (u.sort_order, u.pk),
    )
    today = timezone.localdate()
    posts = list(
        Post.objects.filter(unit=unit).prefetch_related(
            Prefetch(
                "tenures",
                queryset=Tenure.objects.select_related("person"),
                to_attr="all_tenures",
            )
        )
    )
    head, former_heads = None, []
    for post in posts:
        post.holders = [t for t in post.all_tenures if t.is_current(today)]
        post.holders.sort(key=lambda t: t.is_acting)
        if post.is_head:
            head = post
            former_heads = [
                t for t in post.all_tenures if t.ends_on and t.ends_on <= today
            ]
    return {
        "ancestors": ancestors,
        "children": children,
        "head": head,
        "posts": [post for post in posts if not post.is_head],
        "former_heads": former_heads,
    }
