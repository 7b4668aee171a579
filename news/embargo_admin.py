"""Embargoed preview links, made from the release's own admin page.

A publisher opens "Embargoed preview links" from the release's change form,
names several recipients at once (one per line) and gets one secret link
each, shown as full addresses with a copy button; the same page lists every
link of the release with its state (open, expired, revoked, or lifted once
the release is public in that language) and revokes them.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from editorial import audit
from news import services
from news.models import EmbargoLink

LINK_DAYS = 7
MAX_RECIPIENTS = 50
RECIPIENT_LENGTH = EmbargoLink._meta.get_field("recipient").max_length


class EmbargoLinksForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the preview"))
    recipients = forms.CharField(
        label=_("Recipients"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Name at least one recipient.")},
        help_text=_(
            "One per line: a name, a newsroom or an address. Each gets a "
            "link of their own, which you can revoke alone."
        ),
    )
    expires_at = forms.SplitDateTimeField(
        label=_("Links work until"),
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date"}, time_attrs={"type": "time"}
        ),
    )

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.release = release
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_translated"])
            for code in release.translated_languages()
        ]

    def clean_recipients(self):
        names = []
        for line in self.cleaned_data["recipients"].splitlines():
            name = " ".join(line.split())
            if name and name not in names:
                names.append(name)
        if not names:
            raise forms.ValidationError(_("Name at least one recipient."))
        if len(names) > MAX_RECIPIENTS:
            raise forms.ValidationError(
                _("At most %(count)d recipients at once.") % {"count": MAX_RECIPIENTS}
            )
        too_long = [name for name in names if len(name) > RECIPIENT_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Keep each line under %(count)d characters: %(line)s")
                % {"count": RECIPIENT_LENGTH + 1, "line": too_long[0][:40] + "…"}
            )
        for name in names:
            # The model's own checks on the text (invisible characters…).
            EmbargoLink._meta.get_field("recipient").run_validators(name)
        return names

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now():
            raise forms.ValidationError(
                _("This time has passed: choose one in the future.")
            )
        return expires_at


class EmbargoLinksAdminMixin:
    """The release admin's "Embargoed preview links" page."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/embargo-links/",
                self.admin_site.admin_view(self.embargo_links_view),
                name="news_pressrelease_embargo_links",
            ),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if services.can_publish(request.user):
            return fieldsets
        # Only publishers give links: nobody else sees a way to the page.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        field for field in options["fields"] if field != "embargo_links"
                    ],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=_("embargoed preview links"))
    def embargo_links(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the release once to give embargoed preview links.")
        url = reverse("admin:news_pressrelease_embargo_links", args=[obj.pk])
        count = obj.embargo_links.valid().count()
        return format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext(
                "Give or revoke links (%(count)d open)",
                "Give or revoke links (%(count)d open)",
                count,
            )
            % {"count": count},
        )

    def embargo_links_view(self, request, object_id):
        # As the change form does: an address that is no object's is a 404.
        release = self.get_object(request, unquote(object_id))
        if release is None:
            raise Http404
        if not self.has_change_permission(request, release):
            raise PermissionDenied
        audit.require_permission(
            request.user,
            services.PUBLISH_PERMISSION,
            action="embargo links",
            target="news.PressRelease",
        )
        form = EmbargoLinksForm(
            request.POST if "create" in request.POST else None,
            release=release,
            initial={
                "expires_at": timezone.localtime() + timedelta(days=LINK_DAYS),
                "language": release.original_language,
            },
        )
        here = request.path
        if request.method == "POST" and "revoke" in request.POST:
            chosen = request.POST["revoke"]
            links = release.embargo_links.filter(
                pk=int(chosen) if chosen.isdecimal() and len(chosen) < 19 else None
            )
            if services.revoke_embargo_links(links=links):
                self.message_user(request, _("The link was revoked."), messages.SUCCESS)
            return HttpResponseRedirect(here)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                for name in form.cleaned_data["recipients"]:
                    EmbargoLink.objects.create(
                        release=release,
                        language=form.cleaned_data["language"],
                        recipient=name,
                        expires_at=form.cleaned_data["expires_at"],
                        created_by=request.user,
                    )
            count = len(form.cleaned_data["recipients"])
            self.message_user(
                request,
                ngettext(
                    "%(count)d link made: copy it below and send it.",
                    "%(count)d links made: copy each below and send it.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(here)
        links = [
            {
                "link": link,
                "address": request.build_absolute_uri(link.get_absolute_url()),
                "state": link.state(),
                "open": link.is_valid()
                and not link.release.is_public_in(link.language),
            }
            for link in release.embargo_links.select_related("release")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": _("Embargoed preview links"),
            "subtitle": str(release),
            "form": form,
            "links": links,
            "has_languages": bool(form.fields["language"].choices),
            "change_url": reverse("admin:news_pressrelease_change", args=[release.pk]),
        }
        return TemplateResponse(request, "admin/news/embargo_links.html", context)
