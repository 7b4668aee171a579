"""The JSON copy of all content round-trips every language."""

import json
import re
from datetime import datetime

import pytest
from django.core.management import call_command

from editorial.backup import content_models, export_content, import_content
from news.models import PressRelease
from organization.models import Unit
from tests.factories import MenuItemFactory
from tests.news.factories import (
    DatelinePlaceFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
    TopicFactory,
)
from tests.organization.factories import PostFactory, TenureFactory

pytestmark = pytest.mark.django_db

TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def rows() -> list[dict]:
    """The exported rows, times compared as times.

    Django's JSON keeps milliseconds: "12:00:01.000Z" comes back "12:00:01Z".
    """

    def normal(value):
        if isinstance(value, str) and TIME.match(value):
            return datetime.fromisoformat(value)
        return value

    return [
        {**row, "fields": {k: normal(v) for k, v in row["fields"].items()}}
        for row in json.loads(export_content())["objects"]
    ]


def make_content(admin_user):
    release = PressReleaseFactory(
        published=True,
        french=True,
        title_es="Comunicado: ¿qué pasó?",
        summary_es="Resumen — con acentos.",
        body_es="<p>Texto en español.</p>",
        created_by=admin_user,
    )
    release.topics.add(TopicFactory(name_es="Migración"))
    DatelinePlaceFactory(release=release)
    ReleaseContactFactory(release=release)
    TenureFactory(post=PostFactory(title_fr="Directrice générale"))
    MenuItemFactory()
    return release


def wipe() -> None:
    for model in reversed(content_models()):
        model._base_manager.all().delete()


def test_export_then_import_restores_every_row_in_every_language(admin_user, tmp_path):
    release = make_content(admin_user)
    before = rows()
    assert {row["model"] for row in before} >= {
        "news.pressrelease",
        "news.releasecontact",
        "news.datelineplace",
        "organization.tenure",
        "pages.menuitem",
    }
    path = tmp_path / "content.json"
    call_command("export_content", str(path))
    wipe()
    assert not PressRelease.objects.exists() and not Unit.objects.exists()

    call_command("import_content", str(path))
    assert rows() == before
    release.refresh_from_db()
    assert (release.title_es, release.title_fr, release.version) == (
        "Comunicado: ¿qué pasó?",
        release.title_fr,
        1,
    )
    assert release.created_by == admin_user


def test_a_dry_run_counts_and_changes_nothing(admin_user):
    make_content(admin_user)
    data = export_content()
    wipe()
    counts = import_content(data, dry_run=True)
    assert counts["news.PressRelease"] == 1
    assert not PressRelease.objects.exists()


def test_authors_missing_where_restored_are_left_blank(admin_user):
    release = make_content(admin_user)
    data = export_content()
    wipe()
    admin_user.delete()
    import_content(data)
    release = PressRelease.objects.get(pk=release.pk)
    assert release.created_by is None


def test_a_file_that_is_not_a_content_copy_is_refused(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "other.json"
    path.write_text("[]")
    with pytest.raises(CommandError):
        call_command("import_content", str(path))
