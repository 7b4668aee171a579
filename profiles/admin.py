"""The "My profile" page: any staff member sets their own language and time
zone (linked from the admin header, beside "Change password")."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.admin_addresses import OddAddressMixin
from profiles import get_profile
from profiles.forms import ProfileForm
from profiles.models import Profile


@admin.register(Profile)
class ProfileAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = ["user", "language", "time_zone"]
    list_filter = ["language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]

    def has_module_permission(self, request):
        # Nobody manages others' profiles from the index: each has their own
        # page, reached from the header.
        return False

    def get_urls(self):
        return [
            path(
                "mine/",
                self.admin_site.admin_view(self.my_profile_view),
                name="profiles_profile_mine",
            ),
            *super().get_urls(),
        ]

    def my_profile_view(self, request):
        # admin_view lets in active staff only: every one of them may.
        profile = get_profile(request.user)
        form = ProfileForm(request.POST or None, instance=profile)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Your profile was saved."))
            return redirect("admin:profiles_profile_mine")
        context = {
            **self.admin_site.each_context(request),
            "title": _("My profile"),
            "form": form,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/profiles/my_profile.html", context)
