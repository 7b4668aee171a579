"""The language-parity ledger against a hand-made fixture.

Five items, their publication and translation times set with time-machine
(translation times are when the translations app recorded the fields):

=====  ========  ================  =====================  ==========================
item   original  published         offices, kind          translations
=====  ========  ================  =====================  ==========================
r1     en        5 Jan 10:00       Peru, press release    fr 6 Jan 10:00 (1 d),
                                                          es 8 Jan 10:00 (3 d)
r2     en        10 Jan 10:00      Peru, press release    fr 12 Jan 10:00 (2 d), no
                                                          es; English changed 1 Feb:
                                                          fr outdated
r3     en        20 Jan 10:00      Peru and Chile,        fr 19 Jan (before: 0 d),
                                   press release          es 30 Jan 10:00 (10 d)
r4     fr        3 Feb 10:00       no office, briefing    en 3 Feb 16:00 (0.25 d),
                                                          es 7 Feb 10:00 (4 d)
draft  en        —                 Peru                   not counted
later  en        1 Apr (future)    Peru                   not counted
=====  ========  ================  =====================  ==========================

Medians and 90th percentiles interpolate between ranks: French in January
has delays 0, 1 and 2 days (median 1, p90 1.8); Spanish 3 and 10 days
(median 6.5, p90 9.3).
"""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils import translation

from news import ledger
from news.models import Kind, LanguageLedger, PressRelease, Status
from pagecache.decorators import cached_query
from tests.news.factories import CorrectionFactory, KindFactory, PressReleaseFactory
from tests.organization.factories import CountryOfficeFactory
from translations.roles import GROUP_NAMES

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
JANUARY, FEBRUARY = date(2026, 1, 1), date(2026, 2, 1)


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def translate(release, language, when):
    """Save ``release``'s ``language`` translation at ``when``."""
    with time_machine.travel(when, tick=False):
        setattr(release, f"title_{language}", f"{release.title_en or 'x'} {language}")
        setattr(release, f"summary_{language}", f"Summary {language}.")
        setattr(release, f"body_{language}", f"<p>Body {language}.</p>")
        release.save()


def publish(
    *, original="en", published_at, offices=(), kind=None, status=Status.PUBLISHED
):
    with time_machine.travel(at(1, 1, 8), tick=False):
        release = PressReleaseFactory(
            original_language=original,
            status=status,
            published_at=published_at,
            **{
                f"title_{original}": f"Item {original} {published_at}",
                f"summary_{original}": "A summary.",
                f"body_{original}": "<p>A body.</p>",
            },
            **({"kind": kind} if kind else {}),
        )
        if original != "en":
            PressRelease.objects.filter(pk=release.pk).update(
                title_en="", summary_en="", body_en=""
            )
            release.refresh_from_db()
    release.country_offices.set(offices)
    return release


@pytest.fixture
def fixture():
    peru = CountryOfficeFactory(country="PE")
    chile = CountryOfficeFactory(country="CL")
    press = Kind.objects.get(code="press-release")
    briefing = KindFactory(name_en="=SUM(1+1) briefing")
    r1 = publish(published_at=at(1, 5), offices=[peru], kind=press)
    translate(r1, "fr", at(1, 6))
    translate(r1, "es", at(1, 8))
    r2 = publish(published_at=at(1, 10), offices=[peru], kind=press)
    translate(r2, "fr", at(1, 12))
    with time_machine.travel(at(2, 1), tick=False):
        r2.title_en = "Item changed after its translation"
        r2.save()
    r3 = publish(published_at=at(1, 20), offices=[peru, chile], kind=press)
    translate(r3, "fr", at(1, 19))
    translate(r3, "es", at(1, 30))
    r4 = publish(original="fr", published_at=at(2, 3), kind=briefing)
    translate(r4, "en", at(2, 3, 16))
    translate(r4, "es", at(2, 7))
    draft = publish(published_at=None, offices=[peru], status=Status.DRAFT)
    later = publish(published_at=at(4, 1), offices=[peru])
    return {
        "peru": peru,
        "chile": chile,
        "press": press,
        "briefing": briefing,
        "releases": [r1, r2, r3, r4, draft, later],
    }


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


def figures(found):
    return (
        found.items,
        found.missing,
        found.translations,
        found.outdated,
        found.median_days,
        found.p90_days,
    )


def test_percentile_interpolates_between_ranks():
    assert ledger.percentile([], 0.5) is None
    assert ledger.percentile([5.0], 0.9) == 5.0
    assert ledger.percentile([2.0, 0.0, 1.0], 0.5) == 1.0
    assert ledger.percentile([0.0, 1.0, 2.0], 0.9) == pytest.approx(1.8)
    assert ledger.percentile([3.0, 10.0], 0.9) == pytest.approx(9.3)


def test_figures_per_language_and_month_match_the_fixture(fixture):
    found = ledger.compute(start=JANUARY, end=FEBRUARY, breakdown=False)

    assert found.months == [JANUARY, FEBRUARY]
    january = {
        code: figures(found.by_month[code, JANUARY]) for code in "en fr es".split()
    }
    assert january["en"] == (3, 0, 0, 0, None, None)
    assert january["fr"][:4] == (3, 0, 3, 1)
    assert january["fr"][4:] == pytest.approx((1.0, 1.8))
    assert january["es"][:4] == (3, 1, 2, 0)
    assert january["es"][4:] == pytest.approx((6.5, 9.3))
    february = {code: figures(found.by_month[code, FEBRUARY]) for code in ("en", "fr")}
    assert february["en"][:4] == (1, 0, 1, 0)
    assert february["en"][4:] == pytest.approx((0.25, 0.25))
    assert february["fr"] == (1, 0, 0, 0, None, None)
    assert found.by_month["es", FEBRUARY].median_days == pytest.approx(4.0)
    assert found.by_month["fr", JANUARY].outdated_share == pytest.approx(1 / 3)
    assert found.by_month["es", JANUARY].missing_share == pytest.approx(1 / 3)
    # Over both months each item counts once.
    assert figures(found.by_language["es"])[:4] == (4, 1, 3, 0)
    assert found.by_language["es"].median_days == pytest.approx(4.0)


def test_a_correction_not_yet_translated_makes_translations_outdated(
    fixture, django_assert_num_queries
):
    CorrectionFactory(release=fixture["releases"][0], text_en="The figure was 1,200.")
    ContentType.objects.get_for_model(PressRelease)  # cached per process

    # Releases, fingerprints, corrections: none more per correction.
    with django_assert_num_queries(3):
        found = ledger.compute(start=JANUARY, end=FEBRUARY, breakdown=False)

    assert found.by_month["fr", JANUARY].outdated == 2  # r1 now, r2 before
    assert found.by_month["es", JANUARY].outdated == 1


def test_an_item_in_two_offices_counts_in_each_offices_row(fixture):
    found = ledger.compute(start=JANUARY, end=FEBRUARY)

    rows = {
        (row.language, row.month, row.office, row.kind): figures(row.figures)
        for row in found.rows
    }
    press, briefing = str(fixture["press"]), "=SUM(1+1) briefing"
    assert rows["fr", JANUARY, "Peru", press][:4] == (3, 0, 3, 1)
    assert rows["fr", JANUARY, "Peru", press][4:] == pytest.approx((1.0, 1.8))
    assert rows["fr", JANUARY, "Chile", press] == (1, 0, 1, 0, 0.0, 0.0)
    assert rows["es", JANUARY, "Peru", press][:4] == (3, 1, 2, 0)
    assert rows["es", JANUARY, "Chile", press][4:] == pytest.approx((10.0, 10.0))
    assert rows["en", FEBRUARY, "No country office", briefing][4:] == pytest.approx(
        (0.25, 0.25)
    )
    assert len(rows) == 9  # 3 languages × (Peru, Chile in January; none in Feb)


def test_filters_keep_one_office_kind_and_language(fixture):
    found = ledger.compute(
        start=JANUARY,
        end=FEBRUARY,
        languages=["es"],
        office=fixture["chile"].pk,
    )
    assert [(row.language, row.office, row.figures.items) for row in found.rows] == [
        ("es", "Chile", 1)
    ]
    found = ledger.compute(start=JANUARY, end=FEBRUARY, kind=fixture["briefing"].pk)
    assert {row.month for row in found.rows} == {FEBRUARY}


@pytest.mark.parametrize("extra", [0, 8])
def test_the_ledger_costs_the_same_queries_for_more_items(
    fixture, django_assert_num_queries, extra
):
    more_items(fixture, extra)
    ContentType.objects.get_for_model(PressRelease)  # cached per process
    # Releases, fingerprints, corrections, office links, offices, kinds.
    with django_assert_num_queries(6):
        found = ledger.compute(start=JANUARY, end=FEBRUARY)
    assert found.by_language["fr"].items == 4 + extra


def more_items(fixture, count):
    for day in range(1, count + 1):
        release = publish(published_at=at(2, day + 10), offices=[fixture["peru"]])
        translate(release, "fr", at(2, day + 11))


# The admin report.


def staff(django_user_model, username, *permissions):
    user = django_user_model.objects.create_user(
        username=username, password="pw-for-tests", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="news", codename__in=permissions
        )
    )
    return user


@pytest.fixture
def reader(client, django_user_model):
    client.force_login(staff(django_user_model, "reader", "view_languageledger"))
    return client


REPORT = "/admin/news/languageledger/"
PERIOD = {"start": "2026-01", "end": "2026-02"}


def test_report_shows_the_table_and_accessible_charts(reader, fixture):
    response = reader.get(REPORT, PERIOD)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="img"') == 2
    assert '<title id="ledger-delay-title">Median translation delay, in days' in page
    assert '<desc id="ledger-missing-desc">' in page
    assert "<caption>By language, month, country office and kind</caption>" in page
    # French, January: median 1.0 d, p90 1.8 d, a third outdated.
    assert "<td>1.0 d</td>\n      <td>1.8 d</td>\n      <td>33%</td>" in page
    # Drawn on the server: inline SVG, no chart library.
    assert page.count('<svg class="ledger-chart"') == 2


def test_report_csv_has_the_same_figures_and_no_formulas(reader, fixture):
    response = reader.get(REPORT + "csv/", PERIOD)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "language-ledger-202601-202602.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == list(ledger.CSV_HEADER)
    by_key = {tuple(row[:5]): row[5:] for row in rows[1:]}
    press = str(fixture["press"])
    assert by_key["language-month", "fr", "2026-01", "", ""] == [
        "3", "0", "0.0000", "3", "3", "1.00", "1.80", "1", "0.3333",
    ]  # fmt: skip
    assert by_key["office-kind", "fr", "2026-01", "Peru", press] == [
        "3", "0", "0.0000", "3", "3", "1.00", "1.80", "1", "0.3333",
    ]  # fmt: skip
    assert by_key["office-kind", "es", "2026-01", "Peru", press] == [
        "3", "1", "0.3333", "2", "2", "6.50", "9.30", "0", "0.0000",
    ]  # fmt: skip
    assert by_key["office-kind", "es", "2026-01", "Chile", press][5:7] == [
        "10.00",
        "10.00",
    ]
    briefing = ("office-kind", "es", "2026-02", "No country office")
    assert by_key[*briefing, "'=SUM(1+1) briefing"][5:7] == ["4.00", "4.00"]
    # 3 languages × 2 months of totals, then 9 rows per office and kind.
    assert len(rows) == 1 + 6 + 9


def test_bad_filters_are_explained_and_nothing_is_computed(reader, fixture):
    response = reader.get(REPORT, {"start": "2026-03", "end": "2026-01"})
    assert "Choose a month after the first month." in response.content.decode()
    assert response.context["ledger"] is None
    for odd in ("January", "2026-13", "9999-12", "2026-01-05", "\x00"):
        response = reader.get(REPORT + "csv/", {"start": "2026-01", "end": odd})
        assert "Enter a month as year and month" in response.content.decode()
    response = reader.get(REPORT, {"start": "2001-01", "end": "2026-01"})
    assert "Choose at most 60 months." in response.content.decode()


def test_translator_without_the_permission_is_refused(client, django_user_model):
    translator = staff(django_user_model, "translator")
    translator.groups.set(Group.objects.filter(name=GROUP_NAMES["fr"]))
    client.force_login(translator)
    assert client.get(REPORT).status_code == 403
    assert client.get(REPORT + "csv/").status_code == 403


def test_editors_may_read_the_ledger_and_administrators_switch_it():
    def granted(role):
        return set(
            Group.objects.get(name=role)
            .permissions.filter(
                content_type__app_label="news", codename__contains="ledger"
            )
            .values_list("codename", flat=True)
        )

    assert granted("Editor") == {"view_languageledger"}
    assert granted("Administrator") == {"view_languageledger", "change_languageledger"}
    assert granted(GROUP_NAMES["fr"]) == set()


def test_an_administrator_switches_the_public_page_in_the_admin(
    client, django_user_model
):
    user = staff(
        django_user_model, "adm", "view_languageledger", "change_languageledger"
    )
    client.force_login(user)
    response = client.post(f"{REPORT}1/change/", {"public": "on"})
    assert response.status_code == 302
    assert LanguageLedger.objects.get(pk=1).public is True
    assert client.get(reverse("news:language-ledger")).status_code == 200


# The public page.


def test_public_page_is_not_found_while_switched_off(client, fixture):
    assert reverse("news:language-ledger") == "/en/news/languages/"
    # Kept by the page cache, which drops it when the switch changes.
    assert cached_query(resolve("/en/news/languages/").func) == ()
    assert client.get("/en/news/languages/").status_code == 404


def test_no_kind_of_item_can_take_the_ledger_page_s_address():
    kind = KindFactory.build(slug_en="languages", slug_fr="langues")
    with pytest.raises(ValidationError) as raised:
        kind.full_clean()
    assert {"slug_en", "slug_fr"} <= set(raised.value.message_dict)


@pytest.fixture
def published_ledger():
    LanguageLedger.objects.update_or_create(pk=1, defaults={"public": True})


def test_public_page_shows_the_last_twelve_months(client, fixture, published_ledger):
    response = client.get("/en/news/languages/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Our content in each language</h1>" in page
    assert page.count('role="img"') == 2
    found = response.context["ledger"]
    assert found.months[0] == date(2025, 4, 1) and found.months[-1] == date(2026, 3, 1)
    assert found.by_month["es", JANUARY].median_days == pytest.approx(6.5)
    assert found.rows == []  # no office or kind breakdown in public
    assert "<caption>Each language over the period</caption>" in page
    # Months without items are gaps in the charts, not rows of dashes.
    assert '<th scope="row">January 2026</th>' in page
    assert '<th scope="row">April 2025</th>' not in page


@pytest.mark.parametrize("extra", [0, 8])
def test_public_page_query_count_is_flat(
    client, fixture, published_ledger, django_assert_num_queries, extra
):
    more_items(fixture, extra)
    ContentType.objects.get_for_model(PressRelease)  # cached per process
    # The switch, releases, fingerprints, corrections, the site menu.
    with django_assert_num_queries(5):
        response = client.get("/en/news/languages/")
    assert response.status_code == 200
    assert response.context["ledger"].by_language["fr"].items == 4 + extra
