"""The must-show scenario of the translate view, in a browser."""

from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from editorial.models import ReviewPolicy
from news.demo import SEED_BODY, SEED_PARAGRAPHS, SEED_SLUG, load_news_demo
from news.models import PressRelease
from organization.demo import load_organization_demo
from tests.e2e.conftest import sign_in
from tests.news.factories import PressReleaseFactory
from tests.translations.conftest import make_translator
from tests.translations.factories import GlossaryTermFactory

REMEMBERED = (
    "In collaboration with the General Secretariat of the Andean Community, IOM "
    "brought together migration data experts and officials of the Bolivian, "
    "Colombian, Ecuadorian and Peruvian Ministries of Foreign Affairs."
)


def segment(page, key):
    return page.locator(f'.translate-segment[data-key="{key}"]')


def test_translator_uses_the_memory_is_warned_saves_and_sees_only_the_changed_segment(
    page, live_server, django_user_model, console_errors, screenshot
):
    load_organization_demo()
    load_news_demo()
    release = PressRelease.objects.get(slug_fr=SEED_SLUG)
    ReviewPolicy.objects.create(
        content_type=ContentType.objects.get_for_model(PressRelease),
        translations_reviewed=False,
    )
    # Another release, translated before, shares the seed's second paragraph.
    PressReleaseFactory(
        original_language="fr",
        title_fr="Un autre communiqué",
        summary_fr="Résumé.",
        body_fr=f"<p>{SEED_PARAGRAPHS[1]}</p>",
        title_en="Another release",
        summary_en="Summary.",
        body_en=f"<p>{REMEMBERED}</p>",
    )
    GlossaryTermFactory(
        source_language="fr",
        target_language="en",
        term="Communauté andine",
        translation="Andean Community",
        notes="The organisation's official English name.",
    )
    make_translator(django_user_model, "en", username="english")
    sign_in(page, "english", "pw-for-tests", base_url=live_server.url)

    page.goto(f"{live_server.url}/admin/news/pressrelease/{release.pk}/change/")
    page.locator(".translate-links").get_by_role("link", name="English").click()
    expect(page.locator("#translate-form")).to_be_visible()

    # The source is rendered paragraph by paragraph beside a field each.
    sources = page.locator('[data-field="body"] .translate-source-text')
    expect(sources).to_have_count(len(SEED_PARAGRAPHS))
    expect(sources.nth(0)).to_contain_text("Cette semaine, l’OIM au Pérou")
    expect(page.locator('[data-field="body"] textarea')).to_have_count(
        len(SEED_PARAGRAPHS)
    )

    # The memory remembers the second paragraph from the other release.
    remembered = segment(page, "body-1")
    suggestion = remembered.locator(".translate-suggestion").first
    expect(suggestion).to_contain_text("100 %")
    expect(suggestion).to_contain_text("Press release")
    suggestion.get_by_role("button", name="Use").click()
    expect(remembered.locator("textarea")).to_have_value(REMEMBERED)
    expect(remembered.locator(".translate-terms")).to_contain_text("Andean Community")
    expect(remembered.locator(".translate-warnings li")).to_have_count(0)

    page.fill(
        "#id_segment-title-0", "IOM Peru hosts Andean migration statistics experts"
    )
    page.fill("#id_segment-summary-0", "IOM Peru hosted statistics experts.")
    quote = segment(page, "body-2")
    quote.locator("textarea").fill("Pablo Guzman stressed how migration matters.")
    # Warned while typing: the agreed term is missing.
    expect(quote.locator(".translate-warnings")).to_contain_text(
        "The agreed translation of “Communauté andine” is “Andean Community”."
    )
    screenshot("translate-view-warning")
    for index in (0, 3, 4, 5, 6):
        segment(page, f"body-{index}").get_by_role("button", name="Copy source").click()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text(
        "The translation is saved."
    )
    # The warning is the server's too, after saving.
    expect(segment(page, "body-2").locator(".translate-warnings")).to_contain_text(
        "Andean Community"
    )
    release.refresh_from_db()
    assert f"<p>{REMEMBERED}</p>" in release.body_en
    assert "en" in release.translated_languages()

    # An editor changes the first paragraph of the source.
    release.body_fr = SEED_BODY.replace("Cette semaine", "La semaine dernière")
    release.save()

    page.reload()
    outdated = page.locator('.translate-segment[data-state="outdated"]')
    expect(outdated).to_have_count(1)
    expect(outdated).to_have_attribute("data-key", "body-0")
    deleted = outdated.locator(".translate-diff del")
    inserted = outdated.locator(".translate-diff ins")
    expect(deleted.first).to_have_text("Cette")
    expect(inserted.first).to_have_text("La")
    expect(inserted.last).to_contain_text("dernière")
    expect(segment(page, "body-1").locator("textarea")).to_have_value(REMEMBERED)
    expect(page.locator('.translate-segment[data-state="missing"]')).to_have_count(0)
    screenshot("translate-view-outdated")
    assert [e for e in console_errors if "Failed to load resource" not in e] == []
