"""Subscribers in the admin: the press office reads and searches them,
publishers verify journalists, staff holding ``press.export_subscriber``
export them as CSV (logged). Nobody adds one here: a subscription starts
with the subscriber's own confirmed sign-up."""

import csv

from django.contrib import admin, messages
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_addresses import OddAddressMixin
from editorial.account_events import neutralise
from news.services import can_publish
from press import (
    admin_delivery,  # noqa: F401 - the delivery report
    services,
)
from press.models import Subscriber

EXPORT_FIELDS = [
    "email",
    "name",
    "outlet",
    "languages",
    "status",
    "follows_everything",
    "created_at",
    "confirmed_at",
    "verified_at",
    "bounce_count",
]


class _Echo:
    def write(self, value):
        return value


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verified journalist")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(verified_at__isnull=True)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        from django.conf import settings

        return [(code, name) for code, name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        known = {code for code, _name in self.lookup_choices}
        if self.value() in known:
            return queryset.reading(self.value())
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = [
        "email",
        "name",
        "outlet",
        "status",
        "language_list",
        "verified",
        "created_at",
    ]
    list_filter = [
        "status",
        VerifiedFilter,
        LanguageFilter,
        "follows_everything",
    ]
    list_select_related = ["verified_by"]
    search_fields = ["email", "name", "outlet"]
    date_hierarchy = "created_at"
    fields = [
        "email",
        "name",
        "outlet",
        "languages",
        "status",
        "follows_everything",
        "offices",
        "regions",
        "topics",
        "kinds",
        "created_at",
        "consented_at",
        "consent_text",
        "confirmed_at",
        "unsubscribed_at",
        "paused_at",
        "bounce_count",
        "verified_at",
        "verified_by",
    ]
    readonly_fields = [
        "email",
        "languages",
        "status",
        "created_at",
        "consented_at",
        "consent_text",
        "confirmed_at",
        "unsubscribed_at",
        "paused_at",
        "bounce_count",
        "verified_at",
        "verified_by",
    ]
    filter_horizontal = ["offices", "regions", "topics", "kinds"]
    actions = ["verify", "unverify", "resume", "export_csv"]

    def has_add_permission(self, request):
        return False

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_export_permission(self, request):
        return request.user.has_perm("press.export_subscriber")

    @admin.display(description=_("languages"))
    def language_list(self, obj):
        return ", ".join(obj.language_codes)

    @admin.display(description=_("verified"), boolean=True)
    def verified(self, obj):
        return obj.is_verified

    @admin.action(
        description=_("Verify selected subscribers as journalists"),
        permissions=["publish"],
    )
    def verify(self, request, queryset):
        count = services.verify(subscribers=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d subscriber verified as a journalist.",
                "%(count)d subscribers verified as journalists.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Withdraw the verified-journalist mark"),
        permissions=["publish"],
    )
    def unverify(self, request, queryset):
        count = services.unverify(subscribers=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d subscriber is no longer verified.",
                "%(count)d subscribers are no longer verified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Resume sending to selected paused subscribers"),
        permissions=["change"],
    )
    def resume(self, request, queryset):
        count = services.resume(subscribers=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "Sending resumed for %(count)d subscriber.",
                "Sending resumed for %(count)d subscribers.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Export selected subscribers as CSV"),
        permissions=["export"],
    )
    def export_csv(self, request, queryset):
        subscribers = list(queryset.order_by("email"))
        services.record_export(user=request.user, count=len(subscribers))
        writer = csv.writer(_Echo())
        zone = timezone.get_current_timezone()
        header = [
            str(Subscriber._meta.get_field(name).verbose_name).capitalize()
            for name in EXPORT_FIELDS
        ]

        def cell(subscriber, name):
            value = getattr(subscriber, name)
            if name == "languages":
                return " ".join(subscriber.language_codes)
            if hasattr(value, "isoformat"):
                return timezone.localtime(value, zone).isoformat()
            return value

        def rows():
            yield writer.writerow([neutralise(name) for name in header])
            for subscriber in subscribers:
                yield writer.writerow(
                    [neutralise(cell(subscriber, name)) for name in EXPORT_FIELDS]
                )

        stamp = timezone.localtime(timezone=zone).strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(rows(), content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="press-subscribers-{stamp}.csv"'
        )
        return response
