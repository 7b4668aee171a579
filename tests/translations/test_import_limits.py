"""No way in stores more text than the admin then accepts."""

import pytest
from django.core.exceptions import ValidationError

from news.demo import SEED_SLUG, load_news_demo
from news.models import PressRelease
from organization.demo import load_organization_demo
from pages.models import Page
from tests.editorial.test_conflicts import change_url, opened
from tests.translations.test_exchange import (
    SPANISH,
    spanish_is_untouched,
    translated_po,
    translated_xliff,
)
from translations.exchange import import_file

pytestmark = pytest.mark.django_db

OVER_LONG_BODY = "<p>{}</p>".format("palabra " * 12_500)  # 100,007 characters


@pytest.fixture
def seed_release():
    load_organization_demo()
    load_news_demo()
    return PressRelease.objects.get(slug_fr=SEED_SLUG)


def test_an_xliff_with_an_over_long_body_is_refused_for_that_string(
    seed_release, admin_client
):
    data = translated_xliff(
        model="news.pressrelease", translations={**SPANISH, "body": OVER_LONG_BODY}
    )
    report = import_file(data=data, language="es")
    assert report.applied is False
    [error] = report.errors
    assert error.context == f"news.pressrelease/{seed_release.pk}/body"
    assert error.message == (
        "Ensure this value has at most 100000 characters (it has 100007)."
    )
    assert any(
        line.startswith("Refused: line ") and "/body: Ensure this value" in line
        for line in report.lines()
    )
    # Nothing was written, title and summary included.
    assert spanish_is_untouched(seed_release)
    assert not PressRelease.objects.get(pk=seed_release.pk).summary_es
    # The release still saves in the admin as it was.
    response = admin_client.post(
        change_url(seed_release), opened(admin_client, seed_release)
    )
    assert response.status_code == 302


def test_a_po_file_with_an_over_long_title_or_summary_is_refused_per_string(
    seed_release,
):
    data, _po = translated_po(
        model="news.pressrelease",
        translations={**SPANISH, "title": "T" * 256, "summary": "Resumen. " * 70},
    )
    report = import_file(data=data, language="es")
    refused = {
        error.context.rsplit("/", 1)[1]: error.message for error in report.errors
    }
    assert refused == {
        "title": "Ensure this value has at most 255 characters (it has 256).",
        "summary": "Ensure this value has at most 600 characters (it has 630).",
    }
    assert spanish_is_untouched(seed_release)


def test_a_translation_just_within_the_limit_is_imported(seed_release):
    body = "<p>{}</p>".format("a" * (100_000 - 7))
    data, _po = translated_po(
        model="news.pressrelease", translations={**SPANISH, "body": body}
    )
    report = import_file(data=data, language="es")
    assert report.ok, report.lines()
    release = PressRelease.objects.get(pk=seed_release.pk)
    assert len(release.body_es) == 100_000
    release.full_clean()


def test_the_admin_refuses_an_over_long_summary_next_to_the_field(
    seed_release, admin_client
):
    form = opened(admin_client, seed_release)
    form["summary_en"] = "x" * 601
    response = admin_client.post(change_url(seed_release), form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["summary_en"] == [
        "Ensure this value has at most 600 characters (it has 601)."
    ]
    assert "Ensure this value has at most 600 characters" in response.content.decode()
    assert not PressRelease.objects.get(pk=seed_release.pk).summary_en


def test_a_service_saving_without_the_form_is_held_to_the_same_limits():
    page = Page(title_en="About", introduction_en="x" * 2_001, body_en="<p>Hi</p>")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "introduction_en" in error.value.message_dict
    page.introduction_en = "x" * 2_000
    page.body_en = "<p>{}</p>".format("x" * 100_000)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "introduction_en" not in error.value.message_dict
    assert "body_en" in error.value.message_dict
