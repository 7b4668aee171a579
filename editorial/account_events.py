"""The account events in the admin: administrators filter them (person,
action, date) and export what they filtered as CSV.

Read-only for everyone, superusers included: an audit trail nobody can
edit. Seen by superusers and by whoever manages accounts
(``auth.change_user``, the Administrator role).
"""

import csv

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_addresses import OddAddressMixin
from editorial.models import AccountEvent

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FIELDS = ["at", "action", "username", "actor", "ip_address", "detail"]


def neutralise(value) -> str:
    """``value`` as a CSV cell no spreadsheet takes for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file that hands back what is written: the CSV writer's rows are
    streamed, not gathered in memory."""

    def write(self, value):
        return value


@admin.register(AccountEvent)
class AccountEventAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = ["at", "action", "username", "actor", "ip_address", "detail"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    list_select_related = ["actor"]
    search_fields = ["username"]
    search_help_text = _("Search by user name.")
    date_hierarchy = "at"
    change_list_template = "admin/editorial/account_events.html"
    # Not the editorial app's own, made for versioned content.
    change_form_template = "admin/change_form.html"
    object_history_template = "admin/object_history.html"

    def has_view_permission(self, request, obj=None):
        user = request.user
        return user.is_active and (
            user.is_superuser or user.has_perm("auth.change_user")
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="editorial_accountevent_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The events the list shows with the same filters, every page, as
        CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            events = self.get_changelist_instance(request).queryset
        except IncorrectLookupParameters:
            messages.warning(
                request, gettext("A filter in the address was not understood.")
            )
            return HttpResponseRedirect(
                reverse("admin:editorial_accountevent_changelist")
            )
        writer = csv.writer(_Echo())
        # The rows are written after this view returns, once the language
        # and the time zone of the request are no longer active: take them.
        zone = timezone.get_current_timezone()
        header = [
            str(AccountEvent._meta.get_field(name).verbose_name).capitalize()
            for name in EXPORT_FIELDS
        ]
        header[0] = f"{header[0]} ({zone})"
        actions = {value: str(label) for value, label in AccountEvent.Action.choices}

        def rows():
            yield writer.writerow([neutralise(cell) for cell in header])
            for event in events.iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        neutralise(cell)
                        for cell in (
                            timezone.localtime(event.at, zone).isoformat(),
                            actions.get(event.action, event.action),
                            event.username,
                            event.actor.get_username() if event.actor else "",
                            event.ip_address,
                            event.detail,
                        )
                    ]
                )

        stamp = timezone.localtime(timezone=zone).strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(rows(), content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="account-events-{stamp}.csv"'
        )
        return response
