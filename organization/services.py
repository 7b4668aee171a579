from datetime import date

from django.db import transaction

from organization.models import Person, Post, Tenure, Unit
from organization.tree import tree_paths


@transaction.atomic
def refresh_unit_tree() -> int:
    """Recompute every unit's tree path and depth; return how many changed."""
    units = list(
        Unit.objects.select_for_update().only(
            "pk", "parent_id", "sort_order", "tree_path", "depth"
        )
    )
    paths = tree_paths((u.pk, u.parent_id, u.sort_order) for u in units)
    changed = []
    for unit in units:
        path, depth = paths[unit.pk]
        if (unit.tree_path, unit.depth) != (path, depth):
            unit.tree_path, unit.depth = path, depth
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["tree_path", "depth"], batch_size=500)
    return len(changed)


@transaction.atomic
def save_unit(*, unit: Unit) -> Unit:
    """Validate and save a unit, then keep the hierarchy's order up to date."""
    unit.full_clean()
    unit.save()
    refresh_unit_tree()
    unit.refresh_from_db(fields=["tree_path", "depth"])
    return unit


@transaction.atomic
def appoint_holder(
    *, post: Post, person: Person, starts_on: date, acting: bool = False
) -> Tenure:
    """End the post's current tenure the day the new one starts, then start it."""
    current = list(
        Tenure.objects.select_for_update().current(on=starts_on).filter(post=post)
    )
    for tenure in current:
        tenure.ends_on = starts_on
        tenure.full_clean()
        tenure.save(update_fields=["ends_on"])
    tenure = Tenure(post=post, person=person, starts_on=starts_on, is_acting=acting)
    tenure.full_clean()
    tenure.save()
    return tenure


@transaction.atomic
def end_tenure(*, post: Post, ends_on: date) -> int:
    """Leave the post vacant from ``ends_on``; return how many tenures ended."""
    current = list(
        Tenure.objects.select_for_update().current(on=ends_on).filter(post=post)
    )
    for tenure in current:
        tenure.ends_on = ends_on
        tenure.full_clean()
        tenure.save(update_fields=["ends_on"])
    return len(current)
