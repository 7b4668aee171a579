"""The "My profile" page: any staff member sets their own language and time
zone, and sees the sessions they are signed in with, ending the others if
they like (linked from the admin header, beside "Change password")."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_addresses import OddAddressMixin
from profiles import get_profile, sessions
from profiles.forms import ProfileForm
from profiles.models import Profile, UserSession


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
            path(
                "mine/sign-out-others/",
                self.admin_site.admin_view(self.end_other_sessions_view),
                name="profiles_profile_end_other_sessions",
            ),
            *super().get_urls(),
        ]

    def my_profile_view(self, request):
        # admin_view lets in active staff only: every one of them may.
        profile = get_profile(request.user)
        form = ProfileForm(request.POST or None, instance=profile)
        if request.method == "POST" and form.is_valid():
            form.save()
            # Said in the language just chosen, as the next page will be.
            translation.activate(profile.language)
            messages.success(request, gettext("Your profile was saved."))
            return redirect("admin:profiles_profile_mine")
        context = {
            **self.admin_site.each_context(request),
            "title": _("My profile"),
            "form": form,
            "opts": self.opts,
            "sessions": self._sessions(request),
        }
        return TemplateResponse(request, "admin/profiles/my_profile.html", context)

    def end_other_sessions_view(self, request):
        """Ask, then end every other session of the person."""
        if request.method == "POST":
            ended = sessions.end_other_sessions(request)
            messages.success(
                request,
                ngettext(
                    "%(count)d other session was signed out.",
                    "%(count)d other sessions were signed out.",
                    ended,
                )
                % {"count": ended},
            )
            return redirect("admin:profiles_profile_mine")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sign out everywhere else?"),
            "others": [s for s in self._sessions(request) if not s.is_current],
            "opts": self.opts,
        }
        return TemplateResponse(
            request, "admin/profiles/end_other_sessions.html", context
        )

    @staticmethod
    def _sessions(request) -> list[UserSession]:
        current = request.session.session_key
        listed = list(UserSession.objects.filter(user=request.user).active())
        for each in listed:
            each.is_current = each.session_key == current
            each.browser = sessions.describe_browser(each.user_agent)
        # This one first, the others most recently seen first.
        return sorted(listed, key=lambda each: not each.is_current)
