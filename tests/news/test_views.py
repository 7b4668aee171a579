import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from news import views as news_views
from news.models import PressRelease, Status
from tests.documents.factories import DocumentFileFactory
from tests.news.factories import (
    DatelinePlaceFactory,
    EmbargoLinkFactory,
    MediaContactFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
    ReleaseImageFactory,
    TopicFactory,
)
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


def url_in(language, name="news:release-list", **kwargs):
    with override(language):
        return reverse(name, kwargs=kwargs or None)


def detail_url(release, language):
    with override(language):
        return release.get_absolute_url()


def card_titles(response) -> list[str]:
    return re.findall(
        r'class="release-card-title"><a href="[^"]*">([^<]*)</a>',
        response.content.decode(),
    )


def test_list_shows_only_releases_public_in_the_language_newest_first(client):
    now = timezone.now()
    PressReleaseFactory(
        title_en="Old", published=True, published_at=now - datetime.timedelta(days=2)
    )
    PressReleaseFactory(title_en="New", published=True)
    PressReleaseFactory(title_en="Draft")
    PressReleaseFactory(
        title_en="Later",
        status=Status.PUBLISHED,
        published_at=now + datetime.timedelta(hours=1),
    )
    PressReleaseFactory(title_en="French", published=True, french=True)
    response = client.get(url_in("en"))
    assert card_titles(response) == ["French", "New", "Old"]
    french = client.get(url_in("fr"))
    assert card_titles(french) == [PressRelease.objects.get(title_en="French").title_fr]


def test_list_pages_by_twenty(client):
    PressReleaseFactory.create_batch(21, published=True)
    first = client.get(url_in("en"))
    assert len(first.context["press_releases"]) == 20
    second = client.get(url_in("en") + "?page=2")
    assert len(second.context["press_releases"]) == 1


@pytest.mark.parametrize("deep_from", [news_views.DEEP_PAGE_OFFSET, 20])
def test_every_release_shows_once_in_order_across_the_pages(
    client, monkeypatch, deep_from
):
    # From page 2 on, with 20: the pages deep readers and crawlers reach,
    # whose releases are found by id first. Pairs published at the same
    # time: the newer id comes first.
    monkeypatch.setattr(news_views, "DEEP_PAGE_OFFSET", deep_from)
    now = timezone.now()
    for number in range(45):
        PressReleaseFactory(
            title_en=f"Release {number:02}",
            status=Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=number // 2),
        )
    shown = []
    for page in (1, 2, 3):
        response = client.get(url_in("en") + f"?page={page}")
        shown += card_titles(response)
    expected = list(
        PressRelease.objects.order_by("-published_at", "-pk").values_list(
            "title_en", flat=True
        )
    )
    assert shown == expected
    assert len(set(shown)) == 45


def test_detail_in_a_public_language(client):
    release = PressReleaseFactory(
        published=True, dateline_date=datetime.date(2016, 3, 12)
    )
    DatelinePlaceFactory(release=release)
    ReleaseContactFactory(release=release, contact=MediaContactFactory(name="Ana"))
    topic = TopicFactory(name_en="Data")
    release.topics.add(topic)
    response = client.get(detail_url(release, "en"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Peru – 12 March 2016" in html
    assert "For more information, please contact" in html
    assert "Ana" in html
    assert "Data" in html
    assert 'hreflang="en"' in html
    assert 'hreflang="fr"' not in html


def test_old_slug_answers_301_to_the_current_one(client):
    release = PressReleaseFactory(published=True, slug_en="current")
    with override("en"):
        old = reverse("news:release-detail", kwargs={"pk": release.pk, "slug": "old"})
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == detail_url(release, "en")


def test_detail_in_a_missing_language_lists_the_existing_ones(client):
    release = PressReleaseFactory(published=True)
    response = client.get(url_in("fr", "news:release-detail", pk=release.pk, slug="x"))
    assert response.status_code == 404
    html = response.content.decode()
    assert detail_url(release, "en") in html
    assert release.title_en not in html


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {
            "status": Status.PUBLISHED,
            "published_at": timezone.now() + datetime.timedelta(days=1),
        },
        {"status": Status.ARCHIVED, "published_at": timezone.now()},
    ],
    ids=["draft", "scheduled", "archived"],
)
def test_non_public_release_is_a_plain_404(client, kwargs):
    release = PressReleaseFactory(title_en="Secret", **kwargs)
    response = client.get(detail_url(release, "en"))
    assert response.status_code == 404
    assert "Secret" not in response.content.decode()


@pytest.mark.cold
@pytest.mark.parametrize("rows", [1, 10])
def test_list_query_count_is_flat(client, django_assert_num_queries, rows):
    for release in PressReleaseFactory.create_batch(rows, published=True):
        DatelinePlaceFactory(release=release)
    # filter options (offices, topics) + count and years + the page's
    # releases + their dateline places (with offices) + menu
    with django_assert_num_queries(7):  # with the kinds of item offered
        response = client.get(url_in("en"))
    assert len(response.context["press_releases"]) == rows


@pytest.mark.cold
@pytest.mark.parametrize("rows", [1, 10])
def test_detail_query_count_is_flat(client, django_assert_num_queries, rows):
    release = PressReleaseFactory(published=True)
    for _ in range(rows):
        DatelinePlaceFactory(release=release)
        ReleaseContactFactory(release=release)
        release.topics.add(TopicFactory())
        release.documents.add(DocumentFileFactory().document)
        ReleaseImageFactory(release=release)
    release.country_offices.add(*[p.office for p in release.dateline_places.all()])
    # release + related releases (none) + dateline places + contacts +
    # offices + topics + documents + their files + gallery + menu
    with django_assert_num_queries(10):
        response = client.get(detail_url(release, "en"))
    assert response.status_code == 200
    assert response.content.decode().count("<li>\n      <figure>") == rows


def test_embargo_link_shows_the_release_before_its_time(client):
    later = timezone.now() + datetime.timedelta(days=1)
    release = PressReleaseFactory(
        title_en="Not yet", status=Status.PUBLISHED, published_at=later
    )
    link = EmbargoLinkFactory(release=release, language="en")
    response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not yet" in html
    assert "EMBARGOED UNTIL" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    # The secret address is not repeated: no alternates, no switcher.
    assert 'rel="alternate" hreflang' not in html
    assert link.token not in html


def test_embargo_link_in_another_language_prefix_goes_to_its_own(client):
    release = PressReleaseFactory(french=True)
    link = EmbargoLinkFactory(release=release, language="fr")
    with override("en"):
        wrong = reverse("news:release-embargo", kwargs={"token": link.token})
    response = client.get(wrong)
    assert response.status_code == 302
    assert response["Location"] == link.get_absolute_url()


def test_expired_embargo_link_is_closed(client):
    link = EmbargoLinkFactory(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert link.release.title_en not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_revoked_embargo_link_is_closed(client):
    link = EmbargoLinkFactory(revoked_at=timezone.now())
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410


def test_unknown_embargo_token_is_404(client):
    assert (
        client.get(url_in("en", "news:release-embargo", token="guess")).status_code
        == 404
    )


def test_embargo_link_of_a_release_now_public_goes_to_the_public_page(client):
    release = PressReleaseFactory(published=True)
    link = EmbargoLinkFactory(release=release)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == detail_url(release, "en")


# One render for the public page, the staff preview and the embargoed
# preview (news/views.py render_release): what they show of the release is
# the same, only the notice above it differs.

NOTICE = re.compile(r'<p class="notice notice-[a-z]+" role="status">.*?</p>\n')


def lines(html: str) -> list[str]:
    """The page's non-blank lines (an omitted block leaves blank ones)."""
    return [line for line in html.splitlines() if line.strip()]


KIT_SECTION = re.compile(r'<section class="release-kit".*?</section>\n', re.S)
VCARD_LINK = re.compile(r'<li class="vcard-link">.*?</li>')


def shown(response) -> str:
    """The page's main content without its preview or embargo notice."""
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return NOTICE.sub("", main)


def release_with_everything(**kwargs) -> PressRelease:
    """A release with a dateline, a contact, an office, a topic and a related
    release public in English."""
    release = PressReleaseFactory(title_en="The same article", **kwargs)
    place = DatelinePlaceFactory(release=release)
    ReleaseContactFactory(release=release)
    topic = TopicFactory()
    release.topics.add(topic)
    release.country_offices.add(place.office)
    other = PressReleaseFactory(title_en="Related one", published=True)
    other.topics.add(topic)
    return release


def test_preview_shows_the_article_readers_see(admin_client, client):
    release = release_with_everything(published=True)
    public = client.get(detail_url(release, "en"))
    preview = admin_client.get(
        reverse(
            "admin:news_pressrelease_preview",
            kwargs={"object_id": release.pk, "language": "en"},
        )
    )
    assert "Related one" in shown(public)
    assert 'class="notice notice-preview"' in preview.content.decode()
    assert shown(preview) == shown(public)


def test_preview_links_the_previews_of_its_other_languages(admin_client):
    release = PressReleaseFactory(french=True)
    preview = admin_client.get(
        reverse(
            "admin:news_pressrelease_preview",
            kwargs={"object_id": release.pk, "language": "en"},
        )
    )
    french = reverse(
        "admin:news_pressrelease_preview",
        kwargs={"object_id": release.pk, "language": "fr"},
    )
    assert f'Also available in: <a href="{french}"' in shown(preview)


def test_embargo_link_shows_the_article_readers_will_see(client):
    later = timezone.now() + datetime.timedelta(days=1)
    release = release_with_everything(status=Status.PUBLISHED, published_at=later)
    link = EmbargoLinkFactory(release=release, language="en")
    embargoed = client.get(link.get_absolute_url())
    assert 'class="notice notice-embargo"' in embargoed.content.decode()
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        public = client.get(detail_url(release, "en"))
    assert "Related one" in shown(public)
    # Contacts' cards are served only while a public release names them,
    # and the press kit's ZIP once the release is public.
    readers = KIT_SECTION.sub("", VCARD_LINK.sub("", shown(public)))
    assert lines(shown(embargoed)) == lines(readers)


def test_embargo_tokens_are_long_and_unique():
    tokens = {EmbargoLinkFactory().token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(token) >= 40 for token in tokens)


def test_vcard_is_escaped_and_typed(client):
    contact = MediaContactFactory(
        name="Santos, Carolina; jr\\", role_en="IOM Peru\nPress", languages="es,en"
    )
    ReleaseContactFactory(release=PressReleaseFactory(published=True), contact=contact)
    response = client.get(url_in("en", "news:contact-vcard", pk=contact.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="santos-carolina-jr.vcf"'
    )
    text = response.content.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    assert "FN:Santos\\, Carolina\\; jr\\\\\r\n" in text
    assert "TITLE:IOM Peru\\nPress\r\n" in text
    assert "TEL;TYPE=WORK,VOICE:+51 1 2217209" in text
    assert "TEL;TYPE=CELL,VOICE:+51 968 216 777\r\n" in text
    assert f"EMAIL;TYPE=INTERNET,WORK:{contact.email}\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_vcard_folds_long_lines_without_breaking_characters():
    from news.vcard import fold

    line = "NOTE:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts)


def test_inactive_contact_has_no_vcard(client):
    contact = MediaContactFactory(is_active=False)
    assert (
        client.get(url_in("en", "news:contact-vcard", pk=contact.pk)).status_code == 404
    )


def test_sitemap_lists_public_releases_in_their_languages_only(client):
    english = PressReleaseFactory(published=True, slug_en="english-only")
    both = PressReleaseFactory(published=True, french=True, slug_en="both")
    PressReleaseFactory(slug_en="draft-one")
    PressReleaseFactory(
        slug_en="scheduled-one",
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    xml = sitemap_xml(client)
    assert detail_url(english, "en") in xml
    assert detail_url(both, "fr") in xml
    assert "draft-one" not in xml
    assert "scheduled-one" not in xml
    with override("fr"):
        french_url_of_english = reverse(
            "news:release-detail", kwargs={"pk": english.pk, "slug": "english-only"}
        )
    assert french_url_of_english not in xml
