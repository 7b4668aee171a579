import json

import pytest
from django.core.cache import cache
from django.db import connection

from pages.demo import load_site_demo
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_readers_best_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_root_falls_back_to_english_for_other_languages(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(
    ("code", "skip_link"),
    [
        ("en", "Skip to main content"),
        ("fr", "Passer au contenu principal"),
        ("es", "Saltar al contenido principal"),
    ],
)
def test_home_page_is_served_in_each_language_with_its_lang(client, code, skip_link):
    load_site_demo()
    response = client.get(f"/{code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{code}" dir="ltr">' in html
    assert skip_link in html


def test_language_switcher_links_to_the_same_page_in_the_other_languages(client):
    response = client.get("/fr/")
    html = response.content.decode()
    assert 'href="/en/" lang="en" hreflang="en">English</a>' in html
    assert 'href="/es/" lang="es" hreflang="es">Español</a>' in html
    assert 'aria-current="true" lang="fr"' in html


def test_language_switcher_keeps_the_query_and_translates_the_path(client):
    html = client.get("/en/news/?page=2&topic=3").content.decode()
    assert 'href="/fr/actualites/?page=2&amp;topic=3" lang="fr"' in html
    assert 'href="/es/noticias/?page=2&amp;topic=3" lang="es"' in html
    assert (
        '<link rel="canonical" href="http://testserver/en/news/?page=2&amp;topic=3">'
        in html
    )


def test_unknown_language_prefix_is_a_404_in_the_site_frame(client, settings):
    settings.DEBUG = False
    response = client.get("/de/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html


def test_a_page_rendered_without_a_request_still_has_the_site_frame():
    from django.template.loader import render_to_string

    html = render_to_string("404.html")
    assert "Page not found" in html
    assert 'class="site-header"' in html
    assert html.rstrip().endswith("</html>")


def test_unknown_host_gets_a_400_page_without_a_redirect(client, settings):
    settings.DEBUG = False
    response = client.get("/en/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert "Location" not in response


def test_next_parameter_never_redirects_off_the_site(client):
    response = client.get("/?next=//evil.example", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/")
    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "//evil.example/x"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"].startswith("/")


def test_healthz_names_database_and_cache_as_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }


def test_healthz_answers_503_naming_the_failed_part(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "error"
    assert json.loads(response.content)["database"] == "ok"


def test_healthz_reports_a_database_failure(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("db down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "error"


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_lists_pages_in_each_language_with_alternates(client):
    load_site_demo()
    xml = sitemap_xml(client)
    assert "<loc>http://testserver/fr/pages/" in xml
    assert "qui-sommes-nous/</loc>" in xml
    assert 'hreflang="es"' in xml
    assert 'hreflang="x-default"' in xml


def test_admin_is_reachable_without_a_language_prefix(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200


def test_public_pages_carry_security_headers(client):
    response = client.get("/en/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_healthz_works_with_redis_as_the_shared_cache(client, settings):
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI and the dev machines have one)")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    response = client.get("/healthz")
    assert json.loads(response.content)["cache"] == "ok"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "error"


def test_public_pages_forbid_inline_scripts_and_framing(client):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_sitemap_x_default_points_at_a_page_that_exists(client):
    load_site_demo()
    xml = sitemap_xml(client)
    assert 'hreflang="x-default" href="http://testserver/en/' in xml
    assert 'hreflang="x-default" href="http://testserver/pages/' not in xml
