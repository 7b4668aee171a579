"""The language-parity ledger: how far each language lags behind the originals.

For each language, country office, kind of item and month of publication it
counts the items, those missing in the language, the median and 90th
percentile of the translation delay, and the share of outdated translations.
Where each figure comes from:

- **Items** are the published releases whose publication time has come
  (expired ones included: they were published), in the month of their
  publication in the current time zone (the site's; a staff member's own in
  the admin, for the period chosen as well). An item linked to two country
  offices counts in both offices' rows; the totals per language and month
  count it once. Items without a country office have a row of their own.
- **Present in a language** is the public pages' own rule
  (``public_language_flags``: title, summary and body filled in that
  language's columns). The original language is always present and is not a
  translation: it adds to the items, never to the delays.
- **When a translation was made**: the translations app records a source
  fingerprint per translated field and language
  (``translations.models.SourceFingerprint``) at the save where that
  field's translation first appears or changes, whatever the path: admin
  form, a translator's draft approved by a publisher (the approving save
  writes the live row), the exchange-file import, the translate view. A
  translation is complete when its last required field was recorded: the
  latest ``recorded_at`` of title, summary and body. It goes live at the
  later of that and the original's publication, so the delay is
  ``max(0, complete - published_at)``. ``recorded_at`` moves when a
  translation is revised, so a translation revised later counts from its
  revision: the delays are upper bounds. Editorial drafts are not used: a
  draft is the wait, the approving save is the moment. A translation
  present without fingerprints (loaded raw, before the translations app)
  counts as present but has no delay.
- **Outdated** is the translators' board's rule (``translations.status``):
  a field whose source fingerprint changed since its translation, or a
  correction not yet translated (``news.corrections``' marks). The rule is
  applied here to the fingerprints without their stored source texts, which
  the board loads for its diffs and the ledger does not need.

The ledger costs a constant number of queries whatever the number of
releases: the releases (flags of the languages they exist in, and their
texts in the original language only, whose fingerprints tell what is
outdated), the fingerprints (without their stored texts), the corrections'
marks, and for the breakdown the office links, offices and kinds.
Percentiles are computed in Python, by linear interpolation between the
closest ranks (PostgreSQL's ``percentile_cont``).
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, TextField, Value, When
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.i18n import language_codes
from news.models import (
    REQUIRED_TRANSLATED_FIELDS,
    Kind,
    PressRelease,
    Status,
    public_language_flags,
)
from organization.models import CountryOffice
from translations.models import SourceFingerprint
from translations.registry import fingerprint, language_name, tracked_fields
from translations.status import extra_marks

SECONDS_PER_DAY = 86_400
# The admin report's longest period, in months.
MAX_MONTHS = 60
# Bars per language in the charts: distinguishable without colour vision
# by their order and their legend, each at least 3:1 against white.
COLOURS = ("#1f4e79", "#a34800", "#2e6b30", "#6a1b9a", "#8a1538", "#005f73")


def percentile(values: list[float], q: float) -> float | None:
    """The ``q`` quantile of ``values`` (0 ≤ q ≤ 1), interpolated linearly."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Figures:
    """The counts of one cell of the ledger."""

    items: int = 0
    missing: int = 0
    # Translations into the language that exist (originals left out).
    translations: int = 0
    outdated: int = 0
    # Seconds from the original's publication to the translation's.
    delays: list[float] = field(default_factory=list)

    @property
    def missing_share(self) -> float | None:
        return self.missing / self.items if self.items else None

    @property
    def outdated_share(self) -> float | None:
        return self.outdated / self.translations if self.translations else None

    @property
    def median_days(self) -> float | None:
        return _days(percentile(self.delays, 0.5))

    @property
    def p90_days(self) -> float | None:
        return _days(percentile(self.delays, 0.9))

    # As the pages show them, in the reader's language.
    @property
    def missing_label(self) -> str:
        return format_share(self.missing_share)

    @property
    def outdated_label(self) -> str:
        return format_share(self.outdated_share)

    @property
    def median_label(self) -> str:
        return format_days(self.median_days)

    @property
    def p90_label(self) -> str:
        return format_days(self.p90_days)


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / SECONDS_PER_DAY


@dataclass
class Row:
    language: str
    month: date
    office_id: int | None
    office: str
    kind_id: int
    kind: str
    figures: Figures

    @property
    def language_name(self) -> str:
        return language_name(self.language)


@dataclass
class Ledger:
    languages: list[str]
    months: list[date]
    # Per language, office, kind and month (``breakdown=True`` only).
    rows: list[Row]
    # Per language and month, and per language: each item once.
    by_month: dict[tuple[str, date], Figures]
    by_language: dict[str, Figures]

    def month_rows(self) -> list[tuple[date, str, Figures]]:
        """(month, language, figures), month by month; months without
        items are left out (the charts show them as gaps)."""
        return [
            (month, language, self.by_month[language, month])
            for month in self.months
            if any(self.by_month[code, month].items for code in self.languages)
            for language in self.languages
        ]

    def language_rows(self) -> list[tuple[str, Figures]]:
        return [(language, self.by_language[language]) for language in self.languages]


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """Every first day of a month from ``start``'s to ``end``'s, both included."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def last_months(count: int = 12, today: date | None = None) -> tuple[date, date]:
    """The first days of the first and the last of the ``count`` months
    ending with this one."""
    this_month = month_start(today or timezone.localdate())
    return add_months(this_month, 1 - count), this_month


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def compute(
    *,
    start: date,
    end: date,
    languages: list[str] | None = None,
    office: int | None = None,
    kind: int | None = None,
    breakdown: bool = True,
    now: datetime | None = None,
) -> Ledger:
    """The ledger of the releases published from ``start``'s month to
    ``end``'s, optionally of one office or kind; per office and kind too
    when ``breakdown``."""
    now = now or timezone.now()
    languages = list(languages or language_codes())
    months = months_between(start, end)
    releases = PressRelease.objects.filter(
        status=Status.PUBLISHED,
        published_at__gte=_midnight(month_start(start)),
        published_at__lt=_midnight(add_months(month_start(end), 1)),
        published_at__lte=now,
    )
    links = PressRelease.country_offices.through.objects
    if kind is not None:
        releases = releases.filter(kind_id=kind)
    if office is not None:
        releases = releases.filter(
            pk__in=links.filter(countryoffice_id=office).values("pressrelease_id")
        )
    fields = tracked_fields(PressRelease)
    loaded = list(
        releases.annotate(**public_language_flags(), **_source_texts(fields))
        .only("pk", "original_language", "published_at", "kind_id")
        .order_by("published_at", "pk")
    )
    content_type_id = ContentType.objects.get_for_model(PressRelease).pk
    # As ``translations.status.load_records`` keys them, but selected by a
    # subquery: a list of every id would outgrow SQLite's parameters.
    records = {
        (record.content_type_id, record.object_id, record.field, record.language): (
            record
        )
        for record in SourceFingerprint.objects.filter(
            content_type_id=content_type_id, object_id__in=releases.values("pk")
        ).only(
            "content_type_id",
            "object_id",
            "field",
            "language",
            "source_hash",
            "recorded_at",
        )
    }
    marks = extra_marks(PressRelease, [_Marked.of(release) for release in loaded])

    offices_of: dict[int, list[int | None]] = defaultdict(list)
    office_names: dict[int | None, str] = {None: str(_("No country office"))}
    kind_names: dict[int, str] = {}
    if breakdown and loaded:
        pairs = links.filter(pressrelease_id__in=releases.values("pk"))
        if office is not None:
            pairs = pairs.filter(countryoffice_id=office)
        for release_id, office_id in pairs.values_list(
            "pressrelease_id", "countryoffice_id"
        ):
            offices_of[release_id].append(office_id)
        office_names.update(
            (found.pk, str(found))
            for found in CountryOffice.objects.filter(
                pk__in={pk for pks in offices_of.values() for pk in pks}
            )
        )
        kind_names.update(
            (found.pk, str(found))
            for found in Kind.objects.filter(pk__in={r.kind_id for r in loaded})
        )

    cells: dict[tuple, Figures] = defaultdict(Figures)
    by_month = {(code, month): Figures() for code in languages for month in months}
    by_language = {code: Figures() for code in languages}
    for release in loaded:
        month = month_start(timezone.localdate(release.published_at))
        source = {
            name: fingerprint(text)
            for name in fields
            if (text := getattr(release, f"source_{name}") or "").strip()
        }
        groups = [(o, release.kind_id) for o in offices_of.get(release.pk, [None])]
        for code in languages:
            present = getattr(release, f"in_{code}")
            outdated = bool(marks.get((release.pk, code))) or _changed_since(
                records, (content_type_id, release.pk), code, source
            )
            delay = None
            if present and code != release.original_language:
                times = [
                    records[key].recorded_at
                    for key in (
                        (content_type_id, release.pk, name, code)
                        for name in REQUIRED_TRANSLATED_FIELDS
                    )
                    if key in records
                ]
                if len(times) == len(REQUIRED_TRANSLATED_FIELDS):
                    delay = max(
                        0.0, (max(times) - release.published_at).total_seconds()
                    )
            targets = [by_month[code, month], by_language[code]]
            if breakdown:
                targets += [cells[code, month, o, k] for o, k in groups]
            for figures in targets:
                _count(figures, release, code, present, outdated, delay)

    rows = [
        Row(
            language=code,
            month=month,
            office_id=office_id,
            office=office_names.get(office_id, ""),
            kind_id=kind_id,
            kind=kind_names.get(kind_id, ""),
            figures=figures,
        )
        for (code, month, office_id, kind_id), figures in cells.items()
    ]
    order = {code: index for index, code in enumerate(languages)}
    rows.sort(key=lambda row: (order[row.language], row.month, row.office, row.kind))
    return Ledger(
        languages=languages,
        months=months,
        rows=rows,
        by_month=by_month,
        by_language=by_language,
    )


@dataclass
class _Marked:
    """What the corrections' marks read of a release (``news.corrections``),
    from the columns the ledger loaded: the release's own texts are not."""

    pk: int
    original_language: str
    languages: list[str]

    @classmethod
    def of(cls, release) -> "_Marked":
        return cls(
            pk=release.pk,
            original_language=release.original_language,
            languages=[
                code for code in language_codes() if getattr(release, f"in_{code}")
            ],
        )

    def translated_languages(self) -> list[str]:
        return self.languages


def _source_texts(fields) -> dict:
    """``source_<field>``: each field in the item's original language only
    (a third of the text an item in three languages has)."""
    return {
        f"source_{name}": Case(
            *(
                When(original_language=code, then=F(f"{name}_{code}"))
                for code in language_codes()
            ),
            default=Value(""),
            output_field=TextField(),
        )
        for name in fields
    }


def _changed_since(records, key: tuple, language: str, source: dict) -> bool:
    """Whether a field's source changed since its translation into
    ``language``: ``translations.status.field_status``'s outdated rule,
    without the source texts of old (which the ledger does not show)."""
    return any(
        (record := records.get((*key, name, language))) is not None
        and record.source_hash != source_hash
        for name, source_hash in source.items()
    )


def _count(figures, release, code, present, outdated, delay) -> None:
    figures.items += 1
    if not present:
        figures.missing += 1
    elif code != release.original_language:
        figures.translations += 1
        figures.outdated += outdated
        if delay is not None:
            figures.delays.append(delay)


# Charts: bars drawn server-side as inline SVG (news/_ledger_chart.svg).


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar]
    # (x, month) under each group of bars; (y, label) of the value axis.
    months: list[tuple[float, date]]
    ticks: list[tuple[float, str]]
    legend: list[tuple[float, str, str]]
    plot_left: int
    plot_bottom: float
    plot_right: float


PLOT_LEFT, PLOT_TOP, PLOT_HEIGHT, BAR_WIDTH, GROUP_GAP = 56, 34, 160, 12, 14


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    ledger: Ledger,
    measure,
    unit,
) -> Chart:
    """Bars of ``measure(figures)`` per month, one per language.

    ``unit(value)`` labels a value (the axis and each bar's tooltip).
    """
    values = {key: measure(figures) for key, figures in ledger.by_month.items()}
    top = _nice_top(max((v for v in values.values() if v is not None), default=0))
    group = BAR_WIDTH * len(ledger.languages) + GROUP_GAP
    width = PLOT_LEFT + group * len(ledger.months) + 8
    bottom = PLOT_TOP + PLOT_HEIGHT
    bars, months = [], []
    for index, month in enumerate(ledger.months):
        left = PLOT_LEFT + GROUP_GAP / 2 + index * group
        months.append((left + (group - GROUP_GAP) / 2, month))
        for position, code in enumerate(ledger.languages):
            value = values[code, month]
            if value is None:
                continue
            height = PLOT_HEIGHT * value / top if top else 0
            bars.append(
                Bar(
                    x=left + position * BAR_WIDTH,
                    y=bottom - height,
                    width=BAR_WIDTH - 2,
                    height=height,
                    colour=COLOURS[position % len(COLOURS)],
                    label=str(_("{language}: {value}")).format(
                        language=language_name(code), value=unit(value)
                    ),
                )
            )
    ticks = [
        (bottom - PLOT_HEIGHT * step / 4, unit(top * step / 4)) for step in range(5)
    ]
    legend = [
        (PLOT_LEFT + index * 110, COLOURS[index % len(COLOURS)], language_name(code))
        for index, code in enumerate(ledger.languages)
    ]
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=bottom + 40,
        bars=bars,
        months=months,
        ticks=ticks,
        legend=legend,
        plot_left=PLOT_LEFT,
        plot_bottom=bottom,
        plot_right=width - 8,
    )


def _nice_top(value: float) -> float:
    """The smallest of 1, 2, 4 or 5 times a power of ten at least ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def charts(ledger: Ledger) -> list[Chart]:
    """The median delay and the share missing, per language and month."""
    return [
        bar_chart(
            chart_id="ledger-delay",
            title=str(_("Median translation delay, in days")),
            description=str(
                _(
                    "For each month of publication, one bar per language: the "
                    "median number of days between an original's publication "
                    "and its translation's. The table below gives the figures."
                )
            ),
            ledger=ledger,
            measure=lambda figures: figures.median_days,
            unit=format_days,
        ),
        bar_chart(
            chart_id="ledger-missing",
            title=str(_("Share of items missing in each language")),
            description=str(
                _(
                    "For each month of publication, one bar per language: the "
                    "share of the month's items that do not exist in that "
                    "language. The table below gives the figures."
                )
            ),
            ledger=ledger,
            measure=lambda figures: figures.missing_share,
            unit=format_share,
        ),
    ]


def format_days(value: float | None) -> str:
    """``value`` days, one decimal, as the reader's language writes it."""
    if value is None:
        return "–"
    return str(_("{days} d")).format(days=number_format(value, 1))


def format_share(value: float | None) -> str:
    if value is None:
        return "–"
    return str(_("{percent}%")).format(percent=number_format(value * 100, 0))


CSV_HEADER = (
    "scope",
    "language",
    "month",
    "office",
    "kind",
    "items",
    "missing",
    "missing_share",
    "translations",
    "dated_translations",
    "median_delay_days",
    "p90_delay_days",
    "outdated",
    "outdated_share",
)
# Medians do not add up: the totals per language and month (each item
# once) come first, then the rows per office and kind.
TOTAL, DETAIL = "language-month", "office-kind"


def csv_rows(ledger: Ledger):
    """The report's figures as CSV cells (plain numbers, ``.`` for decimals)."""
    yield list(CSV_HEADER)
    for month, code, figures in ledger.month_rows():
        yield [TOTAL, code, month.strftime("%Y-%m"), "", "", *_csv_figures(figures)]
    for row in ledger.rows:
        yield [
            DETAIL,
            row.language,
            row.month.strftime("%Y-%m"),
            row.office,
            row.kind,
            *_csv_figures(row.figures),
        ]


def _csv_figures(figures: Figures) -> list:
    return [
        figures.items,
        figures.missing,
        _rounded(figures.missing_share, 4),
        figures.translations,
        len(figures.delays),
        _rounded(figures.median_days, 2),
        _rounded(figures.p90_days, 2),
        figures.outdated,
        _rounded(figures.outdated_share, 4),
    ]


def _rounded(value: float | None, digits: int) -> str:
    return "" if value is None else "{:.{}f}".format(value, digits)
