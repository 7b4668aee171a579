import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from news.demo import SEED_BODY, SEED_TITLE, load_news_demo
from news.models import MediaContact, PressRelease

pytestmark = pytest.mark.django_db

SEED = "/work/shared/seed/press-release-peru-fr.txt"


def seed_lines() -> list[str]:
    from pathlib import Path

    path = Path(SEED)
    if not path.exists():
        pytest.skip(f"{SEED} is not on this machine")
    return path.read_text(encoding="utf-8").splitlines()


def test_demo_loads_the_seed_release_in_french_only_and_twice_safely():
    load_news_demo()
    load_news_demo()
    release = PressRelease.objects.get()
    assert release.original_language == "fr"
    assert release.languages() == ["fr"]
    assert MediaContact.objects.count() == 1


def test_seed_title_and_paragraphs_are_word_for_word():
    lines = seed_lines()
    load_news_demo()
    release = PressRelease.objects.get()
    assert release.title_fr == SEED_TITLE
    assert SEED_TITLE in lines
    start = lines.index(SEED_TITLE) + 1
    end = lines.index("Pour plus d’information, veuillez contacter")
    paragraphs = lines[start:end]
    # The dateline "Pérou - " opens the first paragraph in the seed.
    assert paragraphs[0].startswith("Pérou - ")
    paragraphs[0] = paragraphs[0].removeprefix("Pérou - ")
    assert release.body_fr == "".join(f"<p>{p}</p>" for p in paragraphs)
    assert release.body_fr == SEED_BODY
    assert "a déclaréJosé" in release.body_fr
    assert "chef de mision" in release.body_fr


def test_seed_contact_is_structured_and_keeps_its_extension():
    load_news_demo()
    contact = MediaContact.objects.get()
    assert contact.name == "Carolina Santos"
    assert contact.role_fr == "OIM Pérou"
    assert contact.email == "casantos@iom.int"
    assert contact.phone == "+5112217209;ext=145"
    assert contact.mobile == "+51968216777"
    assert contact.office.country.code == "PE"


def test_seed_release_page_in_french_renders_dateline_body_and_contact_block(client):
    load_news_demo()
    release = PressRelease.objects.get()
    with override("fr"):
        url = release.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pérou – 12 mars 2016" in html
    assert SEED_BODY in html
    contact_block = html[html.index('class="media-contacts"') :]
    assert "Pour plus d" in contact_block or "For more information" in contact_block
    assert "Carolina Santos" in contact_block
    assert "OIM Pérou" in contact_block
    assert 'href="mailto:casantos@iom.int"' in contact_block
    assert 'href="tel:+51-1-2217209;ext=145"' in contact_block
    # Shown in the international format with its extension (the wording of
    # "ext." comes from core.phones).
    assert re.search(r">\+51 1 2217209 \S+ 145<", contact_block)
    assert 'href="tel:+51-968-216-777"' in contact_block
    # The contact block is rendered from data, not typed into the body.
    assert "casantos" not in release.body_fr


@pytest.mark.parametrize("language", ["en", "es"])
def test_seed_release_in_other_languages_says_where_it_exists(client, language):
    load_news_demo()
    release = PressRelease.objects.get()
    with override(language):
        url = release.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert SEED_TITLE not in html
    assert re.search(r'hreflang="fr"', html)


def test_seed_release_is_listed_in_french_not_in_english(client):
    load_news_demo()
    with override("fr"):
        french = client.get(reverse("news:release-list"))
    with override("en"):
        english = client.get(reverse("news:release-list"))
    assert SEED_TITLE in french.content.decode()
    assert SEED_TITLE not in english.content.decode()


def test_the_whole_demo_loads_twice_with_the_organisation_demo():
    from pages.demo import load_demo

    load_demo(with_admin=False)
    load_demo(with_admin=False)
    release = PressRelease.objects.get()
    assert release.languages() == ["fr"]
    assert release.dateline_in("fr") == "Pérou – 12 mars 2016"
    assert [c.name for c in release.contacts()] == ["Carolina Santos"]
