"""Second-factor policies per group, and the reset of a person's devices
when they have lost them all (an action on the user list)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin_addresses import OddAddressMixin
from twofactor import services
from twofactor.models import SecondFactorPolicy


@admin.register(SecondFactorPolicy)
class SecondFactorPolicyAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = ["group", "required"]
    list_editable = ["required"]
    list_filter = ["required"]
    list_select_related = ["group"]
    search_fields = ["group__name"]
    fields = ["group", "required"]

    def get_readonly_fields(self, request, obj=None):
        return ["group"] if obj is not None else []


@admin.action(
    description=_("Reset second factor (lost every device)"),
    permissions=["change"],
)
def reset_second_factor(modeladmin, request, queryset):
    """Confirm, then remove the selected people's devices and end their
    sessions: they enrol again at their next sign-in."""
    users = [
        user for user in queryset if modeladmin.has_change_permission(request, user)
    ]
    if request.POST.get("post") == "yes":
        for user in users:
            services.reset_devices(user=user, actor=request.user, request=request)
        modeladmin.message_user(
            request,
            ngettext(
                "The second factor of %(count)d person was reset: they enrol "
                "again at their next sign-in.",
                "The second factor of %(count)d people was reset: they enrol "
                "again at their next sign-in.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Reset second factor"),
        "people": users,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/twofactor/reset_confirm.html", context)


# django-otp's own admin for authenticator apps shows anyone's secret as a
# QR code and lets a superuser make a device for someone else: a way around
# the second factor. Devices are managed by their owner (Sign-in security)
# and reset by an administrator (the action below).
admin.site.unregister(TOTPDevice)

# The user admin is editorial's (editorial/accounts.py): the action is added
# to it here, as an app registers its models with the admin.
_user_admin = admin.site.get_model_admin(get_user_model())
_user_admin.actions = [*(_user_admin.actions or []), reset_second_factor]
