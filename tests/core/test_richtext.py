import pytest
from django.utils import translation

from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def test_saving_does_not_copy_a_fallback_body_into_the_active_language():
    with translation.override("en"):
        release = PressReleaseFactory(
            original_language="fr",
            title_en="",
            summary_en="",
            body_en="",
            title_fr="Titre",
            summary_fr="Résumé.",
            body_fr="<p>Texte</p>",
        )
    release.refresh_from_db()
    assert release.body_en == ""
    assert release.body_fr == "<p>Texte</p>"


def test_every_language_of_a_rich_text_field_is_sanitised_on_save():
    release = PressReleaseFactory(
        body_fr='<p onclick="x()">Texte<script>alert(1)</script></p>',
        body_es='<p><a href="JaVaScRiPt:alert(1)">enlace</a></p>',
    )
    release.refresh_from_db()
    assert release.body_fr == "<p>Texte</p>"
    assert release.body_es == '<p><a rel="noopener noreferrer">enlace</a></p>'


def test_a_quote_marked_in_another_language_keeps_its_lang_only():
    release = PressReleaseFactory(
        body_en='<p>She said <span lang="fr" style="color:red" class="x">« Merci »</span>.</p>'
    )
    release.refresh_from_db()
    assert release.body_en == '<p>She said <span lang="fr">« Merci »</span>.</p>'
