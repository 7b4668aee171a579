"""The language-parity ledger in the admin: the report, its CSV, the switch.

The ``LanguageLedger`` model's admin entry (under News) opens the report:
seeing it needs ``news.view_languageledger`` (editors, publishers and
administrators; not translators), switching the public page on or off
needs ``news.change_languageledger`` (administrators), through the model's
plain change form.
"""

import csv
from datetime import date

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.account_events import neutralise
from news import ledger
from news.ledger_views import month_label, summary_tables, table
from news.models import Kind, LanguageLedger
from organization.models import CountryOffice


class _Echo:
    """A file that hands back what is written: CSV rows are streamed."""

    def write(self, value):
        return value


class MonthField(forms.CharField):
    """A month as ``YYYY-MM`` (what ``<input type="month">`` sends)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"})
    default_error_messages = {
        "invalid": _("Enter a month as year and month, for example 2026-01."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            if not 1900 <= year <= 2999:
                raise ValueError(year)
            return date(year, month, 1)
        except ValueError as error:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class LedgerFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    office = forms.ModelChoiceField(
        label=_("Country office"),
        queryset=CountryOffice.objects.all(),
        required=False,
        empty_label=_("All offices"),
    )
    kind = forms.ModelChoiceField(
        label=_("Kind of item"),
        queryset=Kind.objects.all(),
        required=False,
        empty_label=_("All kinds"),
    )
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month (included)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("All languages")),
            *[(code, ledger.language_name(code)) for code in ledger.language_codes()],
        ]

    def clean(self):
        cleaned = super().clean()
        default_start, default_end = ledger.last_months(12)
        start = cleaned.get("start") or default_start
        end = cleaned.get("end") or default_end
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        if start > end:
            self.add_error("end", _("Choose a month after the first month."))
        elif len(ledger.months_between(start, end)) > ledger.MAX_MONTHS:
            self.add_error(
                "end",
                _("Choose at most {count} months.").format(count=ledger.MAX_MONTHS),
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def ledger(self) -> ledger.Ledger:
        data = self.cleaned_data
        return ledger.compute(
            start=data["start"],
            end=data["end"],
            languages=[data["language"]] if data["language"] else None,
            office=data["office"].pk if data["office"] else None,
            kind=data["kind"].pk if data["kind"] else None,
        )


class LanguageLedgerAdmin(admin.ModelAdmin):
    fields = ["public"]

    def has_add_permission(self, request):
        # The one row comes with migration 0020 (or, if the table was
        # emptied, with the report's "switch" link). Asked on every admin
        # page for its menu: no query here.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = 1
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.report_view), name="news_languageledger_changelist"),
            path("csv/", view(self.csv_view), name="news_languageledger_csv"),
            *super().get_urls(),
        ]

    def _form(self, request) -> LedgerFilterForm:
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = request.GET.copy()
        # The last twelve months unless told: shown in the form too.
        for name, month in zip(("start", "end"), ledger.last_months(12), strict=True):
            data.setdefault(name, month.strftime("%Y-%m"))
        return LedgerFilterForm(data)

    def report_view(self, request):
        form = self._form(request)
        found = form.ledger() if form.is_valid() else None
        setting = LanguageLedger.objects.filter(pk=1).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Language-parity ledger"),
            "form": form,
            "ledger": found,
            "query": request.GET.urlencode(),
            "public": bool(setting and setting.public),
            "switch_url": self._switch_url(request, setting),
        }
        if found is not None:
            context["charts"] = ledger.charts(found)
            context["tables"] = [
                *summary_tables(found),
                table(
                    [
                        (
                            (
                                row.language_name,
                                month_label(row.month),
                                row.office,
                                row.kind,
                            ),
                            row.figures,
                        )
                        for row in found.rows
                    ],
                    caption=gettext("By language, month, country office and kind"),
                    headings=[
                        gettext("Language"),
                        gettext("Month"),
                        gettext("Country office"),
                        gettext("Kind of item"),
                    ],
                ),
            ]
        return TemplateResponse(request, "admin/news/ledger.html", context)

    def _switch_url(self, request, setting) -> str:
        if not self.has_change_permission(request):
            return ""
        if setting is None:
            setting, _created = LanguageLedger.objects.get_or_create(pk=1)
        return reverse("admin:news_languageledger_change", args=[setting.pk])

    def csv_view(self, request):
        form = self._form(request)
        if not form.is_valid():
            return self.report_view(request)
        found = form.ledger()
        writer = csv.writer(_Echo())
        data = form.cleaned_data
        start, end = data["start"].strftime("%Y%m"), data["end"].strftime("%Y%m")
        name = f"language-ledger-{start}-{end}.csv"
        response = StreamingHttpResponse(
            (
                writer.writerow([neutralise(cell) for cell in row])
                for row in ledger.csv_rows(found)
            ),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
