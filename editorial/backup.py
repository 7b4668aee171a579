"""A JSON copy of all content, every language included, and its restore.

Content is what editors and translators write: the organisation, the news,
the pages and the translation records. Users, sessions and history stay
with the database backup (pg_dump, see README). People named as authors
(``created_by``) are referred to by user name; one missing where the copy
is restored is left blank rather than stopping the restore.
"""

import json
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

CONTENT_APPS = settings.CONTENT_APPS
FORMAT_NAME = "iomsite-content"
FORMAT_VERSION = 1


class RestoreRollback(Exception):
    """Raised to undo a dry-run restore."""


def content_models() -> list[type[models.Model]]:
    """The content models, each after the ones it refers to."""
    configs = [(apps.get_app_config(label), None) for label in CONTENT_APPS]
    return serializers.sort_dependencies(configs, allow_cycles=True)


def export_content() -> str:
    """Every content row as JSON (Django's serialisation, natural keys)."""
    rows = []
    for model in content_models():
        queryset = model._base_manager.order_by("pk")
        rows.extend(
            json.loads(
                serializers.serialize("json", queryset, use_natural_foreign_keys=True)
            )
        )
    return json.dumps(
        {"format": FORMAT_NAME, "version": FORMAT_VERSION, "objects": rows},
        ensure_ascii=False,
        indent=1,
    )


def import_content(data: str, *, dry_run: bool = False) -> Counter:
    """Write the rows of an ``export_content`` copy; return counts by model.

    Rows keep their primary keys: restoring over existing content replaces
    the rows with the same keys. Runs in one transaction.
    """
    document = json.loads(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ValueError("not an iomsite content copy")
    rows = _blank_missing_users(document["objects"])
    counts: Counter = Counter()
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with transaction.atomic():
            with connection.constraint_checks_disabled():
                objects = serializers.deserialize(
                    "json", json.dumps(rows), handle_forward_references=True
                )
                for item in objects:
                    item.save()
                    counts[item.object._meta.label] += 1
            connection.check_constraints(
                table_names=[model._meta.db_table for model in content_models()]
            )
            if dry_run:
                raise RestoreRollback
    except RestoreRollback:
        pass
    return counts


def _blank_missing_users(rows: list[dict]) -> list[dict]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    known = {
        (name,) for name in user_model._base_manager.values_list("username", flat=True)
    }
    for row in rows:
        model = apps.get_model(row["model"])
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                value = row["fields"].get(field.name)
                if value is not None and tuple(value) not in known:
                    row["fields"][field.name] = None
    return rows
