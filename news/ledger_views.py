"""The public page "Our content in each language" (news/ledger.py)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from news import ledger
from news.models import LanguageLedger
from pagecache.decorators import cache_public_page
from translations.registry import language_name


def table(rows, *, caption, headings) -> dict:
    """What ``news/_ledger_table.html`` shows: ``rows`` of (cells, figures)."""
    return {"caption": caption, "headings": headings, "table_rows": rows}


def month_label(month) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def summary_tables(found: ledger.Ledger) -> list[dict]:
    """Per language over the period, then per month and language."""
    return [
        table(
            [
                ((language_name(code),), figures)
                for code, figures in found.language_rows()
            ],
            caption=_("Each language over the period"),
            headings=[_("Language")],
        ),
        table(
            [
                ((month_label(month), language_name(code)), figures)
                for month, code, figures in found.month_rows()
            ],
            caption=_("Each month of publication, by language"),
            headings=[_("Month"), _("Language")],
        ),
    ]


@cache_public_page
@require_GET
def language_ledger(request):
    """The last twelve months of the ledger, when the organisation publishes it."""
    if not LanguageLedger.is_public():
        raise Http404(_("This page is not published."))
    start, end = ledger.last_months(12)
    found = ledger.compute(start=start, end=end, breakdown=False)
    return render(
        request,
        "news/ledger.html",
        {
            "ledger": found,
            "start": start,
            "end": end,
            "charts": ledger.charts(found),
            "tables": summary_tables(found),
        },
    )
