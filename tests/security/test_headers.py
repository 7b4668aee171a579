"""Response headers, caching of staff pages, and the contained editor."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from tests.news.factories import EmbargoLinkFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def release_page(client, release, **extra):
    with override("en"):
        return client.get(release.get_absolute_url(), **extra)


def test_public_pages_send_the_safety_headers(client, settings):
    release = PressReleaseFactory(published=True)
    response = release_page(client, release, secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert settings.SECURE_HSTS_SECONDS > 0 and not settings.DEBUG


def test_admin_pages_have_a_policy_too(admin_client):
    policy = admin_client.get(reverse("admin:index"))["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-eval" not in policy


def test_signed_in_staff_get_private_no_store_pages(admin_client):
    release = PressReleaseFactory(published=True)
    cache_control = release_page(admin_client, release)["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control and "max-age" not in cache_control


def test_readers_keep_cacheable_pages_without_vary_cookie(client):
    release = PressReleaseFactory(published=True)
    response = release_page(client, release)
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_signed_in_non_staff_are_not_touched(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    release = PressReleaseFactory(published=True)
    assert "no-store" not in release_page(client, release)["Cache-Control"]


def test_previews_and_embargo_links_are_private_no_store(admin_client):
    release = PressReleaseFactory()
    preview = admin_client.get(
        reverse(
            "admin:news_pressrelease_preview",
            kwargs={"object_id": release.pk, "language": "en"},
        )
    )
    link = EmbargoLinkFactory(release=release, language="en")
    embargo = Client().get(link.get_absolute_url())
    for response in (preview, embargo):
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_admin_pages_are_never_cached(admin_client):
    assert "no-store" in admin_client.get(reverse("admin:index"))["Cache-Control"]


def test_the_editor_has_a_fixed_toolbar_and_no_plugin_that_fetches_or_runs_code(
    settings,
):
    for name, config in settings.CKEDITOR_CONFIGS.items():
        assert isinstance(config["toolbar"], str) and config["toolbar"] != "full", name
        assert config.get("allowedContent") is not True
        assert "extraAllowedContent" not in config
        removed = set(config["removePlugins"].split(","))
        assert {
            "iframe",
            "flash",
            "codesnippet",
            "embed",
            "embedsemantic",
            "exportpdf",
            "forms",
            "templates",
            "preview",
            "scayt",
            "wsc",
        } <= removed
        extra = set(filter(None, config.get("extraPlugins", "").split(",")))
        assert not extra & removed


def test_ckeditor_samples_are_not_served(client):
    assert finders.find("ckeditor/ckeditor/samples/index.html") is None
    response = client.get("/static/ckeditor/ckeditor/samples/index.html")
    assert response.status_code == 404


def test_the_end_of_life_warning_is_silenced_with_its_reason_written(settings):
    from pathlib import Path

    assert "ckeditor.W001" in settings.SILENCED_SYSTEM_CHECKS
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "ckeditor.W001" in readme
    assert "core/richtext.py" in readme
