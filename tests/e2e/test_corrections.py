"""A correction in English, translated into French and Spanish, in a browser."""

import json

import feedparser
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import override
from playwright.sync_api import expect

from news.models import Correction, PressRelease
from tests.news.factories import PressReleaseFactory
from tests.news.schema_org import assert_valid_json_ld
from tests.translations.conftest import make_translator

PASSWORD = "pw-for-tests"
NOTES = {
    "en": "An earlier version said 12,000 people; the figure is 1,200.",
    "fr": "Une version antérieure indiquait 12 000 personnes ; le chiffre est 1 200.",
    "es": "Una versión anterior decía 12.000 personas; la cifra es 1.200.",
}


def trilingual_release() -> PressRelease:
    return PressReleaseFactory(
        published=True,
        title_en="Floods in Peru",
        title_fr="Inondations au Pérou",
        title_es="Inundaciones en Perú",
        summary_fr="Un résumé.",
        summary_es="Un resumen.",
        body_fr="<p>Texte.</p>",
        body_es="<p>Texto.</p>",
    )


def translator(django_user_model, code: str):
    user = make_translator(django_user_model, code, username=f"translator-{code}")
    # The groups as the translations migration made them, plus the
    # corrections (news migration 0015), emptied by this transactional test.
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="news",
            codename__in=["view_correction", "change_correction"],
        )
    )
    return user


def sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_a_correction_goes_from_english_to_three_languages(
    admin_page,
    live_server,
    django_user_model,
    axe_violations,
    console_errors,
    screenshot,
):
    page = admin_page
    base = live_server.url
    release = trilingual_release()

    def feed_entries(code: str) -> list:
        with override(code):
            address = base + reverse("news:feed-atom")
        return feedparser.parse(page.request.get(address).body()).entries

    before = {code: feed_entries(code)[0] for code in NOTES}

    # A publisher (here the superuser) adds the English correction.
    page.goto(f"{base}/admin/news/pressrelease/{release.pk}/change/")
    page.locator("#corrections-group .add-row a").click()
    expect(page.locator("#id_corrections-0-original_language")).to_have_value("en")
    page.select_option("#id_corrections-0-type", "correction")
    page.fill("#id_corrections-0-text_en", NOTES["en"])
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()
    correction = Correction.objects.get()
    assert correction.text_en == NOTES["en"]

    # French and Spanish are now outdated, with the note.
    page.goto(f"{base}/admin/news/pressrelease/{release.pk}/change/")
    notice = page.locator(".translation-notice")
    expect(notice).to_contain_text("French")
    expect(notice).to_contain_text("Spanish")
    expect(notice.locator(".translation-outdated").first).to_contain_text(
        "Correction of"
    )
    screenshot("correction-outdated-marks")

    # French readers see the English note, marked as English.
    with override("fr"):
        french_url = base + release.get_absolute_url()
    page.goto(french_url)
    expect(page.locator('.correction-notice [lang="en"]')).to_have_text(NOTES["en"])

    # The translators add their languages.
    for code in ("fr", "es"):
        translator(django_user_model, code)
        sign_in(page, base, f"translator-{code}")
        page.goto(f"{base}/admin/news/correction/{correction.pk}/change/")
        # The English note is read-only for them; their language's tab opens.
        page.click(f"#tab_id_text_{code}-tab")
        page.fill(f"#id_text_{code}", NOTES[code])
        page.click("input[name=_save]")
        expect(page.locator(".messagelist")).to_be_visible()
    correction.refresh_from_db()
    assert correction.completed_at is not None

    # Shown in all three, with valid JSON-LD; the feed keeps the GUID.
    page.context.clear_cookies()
    for code, note in NOTES.items():
        with override(code):
            address = base + release.get_absolute_url()
        page.goto(address)
        expect(page.locator(".correction-notice")).to_contain_text(note)
        expect(page.locator(".kicker .updated")).to_be_visible()
        data = json.loads(
            page.locator('script[type="application/ld+json"]').inner_text()
        )
        assert_valid_json_ld(data)
        assert data["correction"][0]["text"] == note
        [after] = feed_entries(code)
        assert after.id == before[code].id
        assert after.updated_parsed >= before[code].updated_parsed

    # The corrections page, in each language, passes axe-core.
    for code in NOTES:
        with override(code):
            address = base + reverse("news:correction-list")
        page.goto(address)
        expect(page.locator(".correction-list li")).to_have_count(1)
        expect(page.locator(".correction-list")).to_contain_text(NOTES[code])
        assert axe_violations(page) == []
    screenshot("corrections-page")
    assert [e for e in console_errors if "404" not in e] == []
