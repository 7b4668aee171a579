"""The "Outside review" page of an item's admin: send links, read answers."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial import audit
from reviews.models import ReviewLink

LINK_DAYS = 7


class ReviewLinkForm(forms.ModelForm):
    class Meta:
        model = ReviewLink
        fields = ["reviewer", "expires_at"]
        widgets = {
            "expires_at": forms.SplitDateTimeWidget(
                date_attrs={"type": "date"}, time_attrs={"type": "time"}
            )
        }
        field_classes = {"expires_at": forms.SplitDateTimeField}

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now():
            raise forms.ValidationError(
                _("This time has passed: choose one in the future.")
            )
        return expires_at


class OutsideReviewAdminMixin:
    """Adds an "Outside review" page to a content admin.

    The model gives ``review_languages()`` and ``review_parts(language)``
    (reviews/document.py); the admin names ``publish_permission``: only
    people who may publish the item send it out for review.
    """

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/outside-review/",
                self.admin_site.admin_view(self.outside_review_view),
                name=f"{opts.app_label}_{opts.model_name}_outside_review",
            ),
            *super().get_urls(),
        ]

    def _outside_review_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_outside_review", args=[obj.pk]
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm(self.publish_permission):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        field
                        for field in options["fields"]
                        if field != "outside_review"
                    ],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=_("outside review"))
    def outside_review(self, obj):
        if obj is None or obj.pk is None:
            return _("Save it once to send it for review.")
        links = list(ReviewLink.objects.for_object(obj).only("answered_at"))
        answered = sum(1 for link in links if link.answered_at)
        return format_html(
            '<a href="{}">{}</a>',
            self._outside_review_url(obj),
            ngettext(
                "Send for review, read the answers (%(answered)d of %(count)d answered)",
                "Send for review, read the answers (%(answered)d of %(count)d answered)",
                len(links),
            )
            % {"answered": answered, "count": len(links)},
        )

    def outside_review_view(self, request, object_id):
        # As the change form does: an address that is no object's is a 404.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        audit.require_permission(
            request.user,
            self.publish_permission,
            action="outside review",
            target=self.model._meta.label,
        )
        links = ReviewLink.objects.for_object(obj)
        form = ReviewLinkForm(
            request.POST if "create" in request.POST else None,
            initial={"expires_at": timezone.localtime() + timedelta(days=LINK_DAYS)},
        )
        if request.method == "POST" and "revoke" in request.POST:
            chosen = request.POST["revoke"]
            if chosen.isdecimal() and len(chosen) < 19:
                links.filter(
                    pk=int(chosen), answered_at__isnull=True, revoked_at__isnull=True
                ).update(revoked_at=timezone.now())
            return HttpResponseRedirect(request.path)
        if request.method == "POST" and form.is_valid():
            link = form.save(commit=False)
            link.item = obj
            link.title = str(obj)[:300]
            link.created_by = request.user
            link.save()
            audit.record(
                user=request.user,
                obj=obj,
                action="sent for outside review",
                detail=link.reviewer,
            )
            self.message_user(
                request,
                _("The link is made: copy it below and send it to %(reviewer)s.")
                % {"reviewer": link.reviewer},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        rows = [
            {
                "link": link,
                "address": request.build_absolute_uri(link.get_absolute_url()),
                "state": link.state(),
            }
            for link in links.prefetch_related("comments")
        ]
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": obj,
            "title": _("Outside review"),
            "subtitle": str(obj),
            "form": form,
            "rows": rows,
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, "admin/reviews/links.html", context)
