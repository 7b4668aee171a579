"""The delivery report and the embargoed advance send, in the admin."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from core.i18n import language_codes
from editorial import audit
from news import services as news_services
from news.models import PressRelease
from press.delivery import advance_recipients, send_in_advance
from press.emails import embargo_notice
from press.models import Delivery, DeliveryStatus, Dispatch

# Seeing journalists' addresses needs this, besides the report's own.
ADDRESS_PERMISSION = "press.view_subscriber"

COUNTED = [
    DeliveryStatus.SENT,
    DeliveryStatus.FAILED,
    DeliveryStatus.BOUNCED,
    DeliveryStatus.COMPLAINED,
    DeliveryStatus.UNSUBSCRIBED,
    DeliveryStatus.WITHDRAWN,
]


def _deliveries_url(dispatch_id: int, status: str = "") -> str:
    url = (
        reverse("admin:press_delivery_changelist")
        + f"?dispatch__id__exact={dispatch_id}"
    )
    return url + (f"&status__exact={status}" if status else "")


def _count_column(status):
    @admin.display(description=status.label, ordering=f"n_{status.value}")
    def column(self, obj):
        count = getattr(obj, f"n_{status.value}")
        if not count:
            return 0
        return format_html(
            '<a href="{}">{}</a>', _deliveries_url(obj.pk, status.value), count
        )

    return column


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DispatchAdmin(ReadOnlyAdmin):
    list_display = [
        "release",
        "language",
        "kind",
        "state",
        "created_at",
        "recipients",
        "batches",
        "waiting",
        *[f"count_{status.value}" for status in COUNTED],
    ]
    list_filter = ["kind", "state", "language"]
    list_select_related = ["release"]
    search_fields = ["release__title_en", "release__title_fr", "release__title_es"]
    date_hierarchy = "created_at"
    raw_id_fields = ["release", "created_by"]

    def get_queryset(self, request):
        counts = {
            f"n_{status.value}": Count(
                "deliveries", filter=Q(deliveries__status=status.value)
            )
            for status in COUNTED
        }
        counts["n_waiting"] = Count(
            "deliveries",
            filter=Q(
                deliveries__status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]
            ),
        )
        return super().get_queryset(request).annotate(**counts)

    @admin.display(description=_("waiting"), ordering="n_waiting")
    def waiting(self, obj):
        return obj.n_waiting

    def get_urls(self):
        return [
            path(
                "release/<int:release_id>/advance/",
                self.admin_site.admin_view(self.advance_view),
                name="press_dispatch_advance",
            ),
            *super().get_urls(),
        ]

    def advance_view(self, request, release_id):
        release = PressRelease.objects.filter(pk=release_id).first()
        if release is None:
            raise Http404
        audit.require_permission(
            request.user,
            news_services.PUBLISH_PERMISSION,
            action="send in advance",
            target="news.PressRelease",
        )
        now = timezone.now()
        scheduled = release.published_at is not None and release.published_at > now
        choices = []
        if scheduled:
            for code in release.translated_languages():
                count = advance_recipients(release, code).count()
                name = get_language_info(code)["name_translated"]
                label = ngettext(
                    "{language}: {count} verified journalist",
                    "{language}: {count} verified journalists",
                    count,
                ).format(language=name, count=count)
                choices.append((code, label))
        form = AdvanceForm(
            request.POST if request.method == "POST" else None, choices=choices
        )
        change_url = reverse("admin:news_pressrelease_change", args=[release.pk])
        if request.method == "POST" and scheduled and form.is_valid():
            languages = [
                code
                for code in form.cleaned_data["languages"]
                if not release.is_public_in(code)
            ]
            queued = send_in_advance(
                release=release, languages=languages, user=request.user
            )
            audit.record(
                user=request.user,
                obj=release,
                action="send in advance",
                detail=",".join(languages),
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d embargoed email queued.",
                    "%(count)d embargoed emails queued.",
                    queued,
                )
                % {"count": queued}
                if queued
                else _(
                    "Nobody to send to: every verified journalist following "
                    "this release in these languages has been sent it already."
                ),
                messages.SUCCESS if queued else messages.WARNING,
            )
            return HttpResponseRedirect(
                reverse("admin:press_dispatch_changelist")
                + f"?release__id__exact={release.pk}"
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": PressRelease._meta,
            "original": release,
            "title": _("Send in advance to verified journalists"),
            "subtitle": str(release),
            "form": form,
            "scheduled": scheduled,
            "embargo": embargo_notice(release, release.original_language)
            if scheduled
            else "",
            "change_url": change_url,
            "report_url": reverse("admin:press_dispatch_changelist")
            + f"?release__id__exact={release.pk}",
        }
        return TemplateResponse(request, "admin/press/advance_send.html", context)


for _status in COUNTED:
    setattr(DispatchAdmin, f"count_{_status.value}", _count_column(_status))
admin.site.register(Dispatch, DispatchAdmin)


class AdvanceForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each journalist gets the languages they read, each email with "
            "its own embargoed preview link."
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [
            (code, label) for code, label in choices if code in language_codes()
        ]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "subscriber_number",
        "status",
        "attempts",
        "sent_at",
        "error_shown",
        "dispatch",
    ]
    list_filter = ["status", "dispatch__kind", "dispatch__language"]
    list_select_related = ["dispatch__release", "subscriber"]
    search_fields = []
    date_hierarchy = "created_at"
    raw_id_fields = ["dispatch", "subscriber", "embargo_link"]

    def get_list_display(self, request):
        if request.user.has_perm(ADDRESS_PERMISSION):
            return ["subscriber_email", *self.list_display[1:]]
        return self.list_display

    def get_search_fields(self, request):
        if request.user.has_perm(ADDRESS_PERMISSION):
            return ["subscriber__email"]
        return []

    def get_fields(self, request, obj=None):
        fields = [
            "dispatch",
            "status",
            "attempts",
            "error",
            "message_id",
            "created_at",
            "sent_at",
        ]
        if request.user.has_perm(ADDRESS_PERMISSION):
            fields.insert(1, "subscriber")
        return fields

    @admin.display(description=_("recipient"), ordering="subscriber__email")
    def subscriber_email(self, obj):
        return obj.subscriber.email

    @admin.display(description=_("recipient"), ordering="subscriber_id")
    def subscriber_number(self, obj):
        return _("subscriber #{number}").format(number=obj.subscriber_id)

    @admin.display(description=_("error"))
    def error_shown(self, obj):
        return obj.error[:120]

    def has_view_permission(self, request, obj=None):
        if not request.user.is_staff:
            return False
        return super().has_view_permission(request, obj)
