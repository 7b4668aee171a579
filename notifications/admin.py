"""Notifications in the admin: each person's own list (with an unread count
in the header) and, for administrators, every email that failed."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.admin_addresses import OddAddressMixin
from notifications.models import Notification


class EmailFailedFilter(admin.SimpleListFilter):
    title = _("email")
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [("failed", _("Email failed")), ("sent", _("Emailed"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.email_failed()
        if self.value() == "sent":
            return queryset.filter(emailed_at__isnull=False)
        return queryset


class WhoseFilter(admin.SimpleListFilter):
    """Administrators follow everyone's notifications (failed emails)."""

    title = _("recipient")
    parameter_name = "whose"

    def lookups(self, request, model_admin):
        if not model_admin.sees_all(request):
            return []
        return [("everyone", _("Everyone’s"))]

    def queryset(self, request, queryset):
        return queryset  # NotificationAdmin.get_queryset reads the choice


@admin.register(Notification)
class NotificationAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = ["summary_link", "created_at", "read_mark"]
    list_filter = [WhoseFilter, EmailFailedFilter, "event"]
    list_select_related = ["actor", "recipient"]
    actions = ["mark_read", "retry_email"]
    date_hierarchy = "created_at"

    # Every staff member sees their own; administrators (who may change
    # notifications) see everyone's, to follow failed emails.

    def sees_all(self, request) -> bool:
        return request.user.has_perm("notifications.change_notification")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return (
            obj is None or obj.recipient_id == request.user.pk or self.sees_all(request)
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.sees_all(request) and request.GET.get("whose") == "everyone":
            return queryset
        return queryset.filter(recipient=request.user)

    def get_list_display(self, request):
        if self.sees_all(request):
            return [*self.list_display, "recipient", "email_state"]
        return self.list_display

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.sees_all(request):
            actions.pop("retry_email", None)
        return actions

    def changelist_view(self, request, extra_context=None):
        sees_all = self.sees_all(request)
        extra_context = {
            **(extra_context or {}),
            "sees_all": sees_all,
            "settings_url": reverse("admin:profiles_profile_mine"),
            # Administrators see at once how many emails did not go out.
            "failed_count": Notification.objects.email_failed().count()
            if sees_all
            else None,
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("notification"))
    def summary_link(self, obj):
        text = obj.summary()
        if obj.read_at is None:
            text = format_html("<strong>{}</strong>", text)
        target = reverse("admin:notifications_notification_open", args=[obj.pk])
        comment = format_html("<br>{}", obj.comment) if obj.comment else ""
        return format_html('<a href="{}">{}</a>{}', target, text, comment)

    @admin.display(description=_("read"))
    def read_mark(self, obj):
        return _("Read") if obj.read_at else _("Unread")

    @admin.display(description=_("email"))
    def email_state(self, obj):
        if obj.emailed_at:
            return _("Sent")
        if obj.email_attempts:
            return format_html(
                "{} ({}): {}",
                _("Failed"),
                ngettext("%(n)d attempt", "%(n)d attempts", obj.email_attempts)
                % {"n": obj.email_attempts},
                obj.email_error,
            )
        return _("Not sent")

    @admin.action(description=_("Mark as read"))
    def mark_read(self, request, queryset):
        count = queryset.filter(recipient=request.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Retry the email"))
    def retry_email(self, request, queryset):
        from notifications.tasks import send_email

        if not self.sees_all(request):
            return
        pending = list(
            queryset.filter(emailed_at__isnull=True).values_list("pk", flat=True)
        )
        for pk in pending:
            send_email.enqueue(pk)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be tried again.",
                "%(count)d emails will be tried again.",
                len(pending),
            )
            % {"count": len(pending)},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/open/",
                self.admin_site.admin_view(self.open_view),
                name="notifications_notification_open",
            ),
            path(
                "read-all/",
                self.admin_site.admin_view(require_POST(self.read_all_view)),
                name="notifications_notification_read_all",
            ),
            *super().get_urls(),
        ]

    def read_all_view(self, request):
        """Mark all of one's notifications read."""
        count = (
            Notification.objects.unread()
            .filter(recipient=request.user)
            .update(read_at=timezone.now())
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:notifications_notification_changelist")
        )

    def open_view(self, request, pk):
        """Mark one's notification read and go to the item."""
        notification = Notification.objects.filter(
            pk=pk, recipient=request.user
        ).first()
        if notification is None:
            return HttpResponseRedirect(
                reverse("admin:notifications_notification_changelist")
            )
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return HttpResponseRedirect(
            notification.url or reverse("admin:notifications_notification_changelist")
        )
