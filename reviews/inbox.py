"""Answers from outside reviewers in the sender's work inbox."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.inbox import Panel, register
from reviews.models import ReviewLink

RECENT = timedelta(days=30)


def _item_url(link) -> str:
    opts = ContentType.objects.get_for_id(link.content_type_id).model_class()._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_outside_review",
        args=[link.object_id],
    )


def register_panels() -> None:
    register(
        Panel(
            key="outside-review-answers",
            title=_("Answers from outside reviewers"),
            # Only people who sent links have answers; the query says so.
            shown_to=lambda user: user.is_staff,
            items=lambda user: ReviewLink.objects.filter(
                created_by=user, answered_at__gte=timezone.now() - RECENT
            ).order_by("-answered_at", "-pk"),
            when=lambda link: (link.get_decision_display(), link.answered_at),
            empty=_("No answer in the last 30 days."),
            order=35,
            url=_item_url,
            hide_when_empty=True,
        )
    )
