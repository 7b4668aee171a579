"""The embargo leak check, run from a release's admin page."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from news.models import PressRelease, Status
from tests.conftest import signed_in
from tests.documents.factories import DocumentFileFactory
from tests.factories import PageFactory
from tests.images.factories import ImageFactory, photo_bytes
from tests.news.factories import (
    EmbargoLinkFactory,
    PressReleaseFactory,
    TopicFactory,
)
from tests.organization.factories import CountryOfficeFactory
from tests.translations.conftest import make_translator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _time_enough(settings):
    # A busy test machine must not stop a run that takes seconds.
    settings.LEAK_CHECK_SECONDS = 120


SECRET_TITLE = "Record numbers cross the Darién Gap this year"


def leak_check(release):
    return reverse("admin:news_pressrelease_leak_check", args=[release.pk])


def change_form(release):
    return reverse("admin:news_pressrelease_change", args=[release.pk])


def result(page: str) -> str:
    found = re.search(r'id="leak-check-result">([^<]*)<', page)
    return found.group(1) if found else ""


def leaking_addresses(page: str) -> list[str]:
    table = page.split('id="leaks"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<code>([^<]+)</code>", table)


@pytest.fixture
def site():
    """A small public site: releases in two languages with an office and a
    topic, a content page."""
    office = CountryOfficeFactory()
    topic = TopicFactory()
    for number in range(3):
        release = PressReleaseFactory(
            published=True,
            french=True,
            title_en=f"Public news number {number} about the border",
        )
        release.country_offices.add(office)
        release.topics.add(topic)
    PageFactory(title_en="Who we are", body_en="<p>Our work.</p>")
    return {"office": office, "topic": topic}


@pytest.fixture
def scheduled(site):
    release = PressReleaseFactory(
        status=Status.PUBLISHED,
        french=True,
        title_en=SECRET_TITLE,
        title_fr="Des chiffres records traversent le bouchon du Darién",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    release.country_offices.add(site["office"])
    release.topics.add(site["topic"])
    return release


def test_a_scheduled_release_that_appears_nowhere_is_green(editor, scheduled):
    EmbargoLinkFactory(release=scheduled, language="en", recipient="Le Monde")
    page = signed_in(editor).get(leak_check(scheduled))
    assert page.status_code == 200
    text = page.text
    summary = result(text)
    assert summary.startswith("Nothing leaks: "), summary
    checked = int(re.search(r"(\d+) addresses checked in 3 languages", summary)[1])
    # Its own pages, the homes, lists, filters, search, feeds, site map…
    assert checked > 40
    assert 'id="leaks"' not in text
    # The secret title was searched for, and not shown as found.
    assert "Where it leaks" not in text


def test_the_button_is_on_the_change_form_of_a_release_not_yet_public(
    publisher, scheduled
):
    form = signed_in(publisher).get(change_form(scheduled)).text
    assert leak_check(scheduled) in form
    assert "Check for leaks" in form


def test_a_published_page_linking_the_release_leaks(editor, scheduled):
    with_link = PageFactory(
        title_en="Partners",
        body_en='<p>See <a href="{}">our next news</a>.</p>'.format(
            scheduled.address_in("en")
        ),
    )
    text = signed_in(editor).get(leak_check(scheduled)).text
    # The page in every language: French and Spanish readers get the
    # English body.
    assert result(text).startswith("The release leaks at 3 addresses")
    expected = []
    for code in ("en", "fr", "es"):
        with translation.override(code):
            expected.append(with_link.get_absolute_url())
    assert leaking_addresses(text) == expected
    assert "A link to its page in English" in text


def test_a_page_naming_the_title_leaks_it_whatever_the_case(editor, scheduled):
    PageFactory(
        title_en="Agenda",
        body_en="<p>Tomorrow: record numbers cross the Dari&eacute;n Gap "
        "this year.</p>",
    )
    text = signed_in(editor).get(leak_check(scheduled)).text
    assert "The release leaks" in result(text)
    assert "Its title in English" in text
    assert "<mark>record numbers cross the darién gap this year</mark>" in text.lower()


def test_a_cached_list_page_that_still_shows_the_release_leaks(editor, settings, site):
    """A list page kept in the page cache while the release was public, the
    release then put back to a later time: readers still get the page."""
    settings.PAGE_CACHE_ENABLED = True
    release = PressReleaseFactory(published=True, title_en=SECRET_TITLE)
    reader = Client(HTTP_HOST="localhost:8000")
    assert SECRET_TITLE in reader.get("/en/news/").text
    # Without the change reaching the cache (no commit in a test).
    PressRelease.objects.filter(pk=release.pk).update(
        published_at=timezone.now() + datetime.timedelta(days=1)
    )
    release.refresh_from_db()
    staff = signed_in(editor)
    text = staff.get(leak_check(release)).text
    assert "/en/news/" in leaking_addresses(text)
    # Made afresh, the page no longer shows it: the cache was the leak.
    caches["pages"].clear()
    assert result(staff.get(leak_check(release)).text).startswith("Nothing leaks")


def test_its_photo_files_are_requested_and_answer_404(editor, scheduled):
    # Library files stay private until the release is public (images/files.py):
    # the check asks for them as a reader would.
    scheduled.image = ImageFactory()
    scheduled.save()
    text = signed_in(editor).get(leak_check(scheduled)).text
    assert result(text).startswith("Nothing leaks")
    assert scheduled.image.file.url in text


def test_its_documents_answer_404_to_readers(editor, scheduled):
    document_file = DocumentFileFactory()
    scheduled.documents.add(document_file.document)
    text = signed_in(editor).get(leak_check(scheduled)).text
    assert result(text).startswith("Nothing leaks")


def test_a_short_title_found_is_only_possible(editor, site):
    PageFactory(title_en="Agenda", body_en="<p>Migration in numbers.</p>")
    release = PressReleaseFactory(
        status=Status.PUBLISHED,
        title_en="Migration",
        slug_en="migration-news-soon",
        published_at=timezone.now() + datetime.timedelta(hours=2),
    )
    text = signed_in(editor).get(leak_check(release)).text
    assert result(text).startswith("Nothing leaks")
    possible = text.split('id="possible"', 1)[1].split("</table>", 1)[0]
    assert "Its title in English" in possible
    assert "The title is short" in possible


def test_the_report_escapes_what_it_found(editor, site):
    title = "<script>alert('leak')</script> reaches every newsroom today"
    release = PressReleaseFactory(
        status=Status.PUBLISHED,
        title_en=title,
        published_at=timezone.now() + datetime.timedelta(hours=2),
    )
    PageFactory(
        title_en="Agenda",
        body_en="<p>{}</p>".format(title.replace("<", "&lt;").replace(">", "&gt;")),
    )
    text = signed_in(editor).get(leak_check(release)).text
    assert "The release leaks" in result(text)
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&#x27;leak&#x27;)&lt;/script&gt;" in text


def test_a_public_release_offers_no_check(editor, site):
    release = PressRelease.objects.public().first()
    staff = signed_in(editor)
    assert leak_check(release) not in staff.get(change_form(release)).text
    page = staff.get(leak_check(release))
    assert page.status_code == 200
    assert "the leak check is for releases not yet public" in page.text
    assert 'id="leak-check-result"' not in page.text


def test_a_translator_may_not_run_it(django_user_model, scheduled):
    translator = signed_in(make_translator(django_user_model, "fr"))
    assert translator.get(leak_check(scheduled)).status_code == 403
    assert leak_check(scheduled) not in translator.get(change_form(scheduled)).text


def test_an_anonymous_visitor_is_sent_to_sign_in(client, scheduled):
    response = client.get(leak_check(scheduled))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_run_stops_at_its_address_limit_and_says_so(editor, settings, scheduled):
    settings.LEAK_CHECK_MAX_ADDRESSES = 10
    text = signed_in(editor).get(leak_check(scheduled)).text
    assert result(text) == (
        "Nothing found so far: 10 addresses checked in 3 languages, "
        "but not every address (below)."
    )
    assert "The check stopped at its limit of 10 addresses" in text
    # The release's own addresses come first.
    assert list(requested(text))[:3] == [
        scheduled.address_in(code) for code in ("en", "fr", "es")
    ]


def test_the_run_stops_at_its_time_limit_and_says_so(editor, settings, scheduled):
    settings.LEAK_CHECK_SECONDS = 0
    text = signed_in(editor).get(leak_check(scheduled)).text
    assert result(text).startswith("Nothing found so far: 0 addresses checked")
    assert "The check stopped at its limit of 0 seconds" in text


def requested(page: str) -> dict[str, str]:
    listing = page.split('id="requested"', 1)[1].split("</details>", 1)[0]
    return dict(re.findall(r"<code>([^<]+)</code> (\S+)</li>", listing))


def test_it_reads_what_readers_read_and_its_own_addresses_answer_404(
    editor, site, scheduled
):
    page_address = PageFactory(title_en="Contact us").get_absolute_url()
    answers = requested(signed_in(editor).get(leak_check(scheduled)).text)
    office = site["office"].pk
    assert answers["/en/"] == answers["/fr/"] == answers["/es/"] == "200"
    assert answers[f"/en/news/?office={office}"] == "200"
    assert answers[f"/fr/actualites/?topic={site['topic'].pk}"] == "200"
    assert (
        answers["/en/news/search/?q=Record+numbers+cross+the+Dari%C3%A9n+Gap+this+year"]
        == "200"
    )
    assert answers["/en/news/feed/rss/"] == "200"
    assert answers["/sitemap.xml"] == "200"
    assert answers["/sitemap-news.xml"] == "200"
    # Found in the site map.
    assert answers[page_address] == "200"
    assert answers[site["office"].get_absolute_url()] == "200"
    for code in ("en", "fr", "es"):
        assert answers[scheduled.address_in(code)] == "404"


def test_a_cached_release_page_whose_related_block_shows_it_leaks(
    editor, settings, site
):
    settings.PAGE_CACHE_ENABLED = True
    release = PressReleaseFactory(published=True, title_en=SECRET_TITLE)
    release.topics.add(site["topic"])
    other = PressRelease.objects.public().exclude(pk=release.pk).first()
    reader = Client(HTTP_HOST="localhost:8000")
    assert SECRET_TITLE in reader.get(other.address_in("en")).text
    PressRelease.objects.filter(pk=release.pk).update(
        published_at=timezone.now() + datetime.timedelta(days=1)
    )
    release.refresh_from_db()
    text = signed_in(editor).get(leak_check(release)).text
    assert other.address_in("en") in leaking_addresses(text)


def test_a_photo_shared_with_a_public_release_is_not_a_leak(editor, scheduled):
    name = default_storage.save(
        "images/originals/shared-photo.jpg", ContentFile(photo_bytes())
    )
    photo = ImageFactory(file=name)
    public = PressRelease.objects.public().first()
    public.image = photo
    public.save()
    scheduled.image = photo
    scheduled.save()
    text = signed_in(editor).get(leak_check(scheduled)).text
    assert result(text).startswith("Nothing leaks")
    assert "its files are public for that reason and were not requested" in text
    # Where the public release shows it, the report names it, as possible.
    possible = text.split('id="possible"', 1)[1].split("</table>", 1)[0]
    assert public.address_in("en") in possible
    assert "shared-photo.jpg" in possible
