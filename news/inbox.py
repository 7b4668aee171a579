"""Press releases in each person's work inbox (editorial/inbox.py)."""

from datetime import timedelta

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.i18n import language_codes
from editorial.inbox import Panel, register
from news import services
from news.models import REQUIRED_TRANSLATED_FIELDS, PressRelease, Status
from translations.roles import translation_permission

SOON = timedelta(days=7)


def _writes(user) -> bool:
    return user.has_perm("news.add_pressrelease")


def _releases():
    # Titles in every language (str() picks the reader's), no bodies.
    return PressRelease.objects.only(
        "title",
        *(f"title_{code}" for code in language_codes()),
        "status",
        "published_at",
        "expires_at",
        "updated_at",
        "original_language",
    )


def _changelist(query: str) -> str:
    return reverse("admin:news_pressrelease_changelist") + query


def _edited(release):
    return (_("edited"), release.updated_at)


def _published(release):
    return (_("publication"), release.published_at)


def _expires(release):
    return (_("leaves the site"), release.expires_at)


def _waiting(release):
    return (_("waiting since"), release.updated_at)


def _untranslated(code: str) -> Q:
    missing = Q()
    for field in REQUIRED_TRANSLATED_FIELDS:
        name = f"{field}_{code}"
        missing |= Q(**{f"{name}__isnull": True}) | Q(**{name: ""})
    return missing


def _missing_in(code: str):
    def items(user):
        now = timezone.now()
        live = Q(status=Status.PUBLISHED, published_at__lte=now)
        return (
            _releases()
            .filter(_untranslated(code))
            .exclude(original_language=code)
            .exclude(status=Status.ARCHIVED)
            # Live releases first: readers are waiting for those.
            .annotate(
                live_first=Case(
                    When(live, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("live_first", "-published_at", "-pk")
        )

    return items


def _translates(code: str):
    def shown_to(user):
        return not user.is_superuser and user.has_perm(translation_permission(code))

    return shown_to


def _title_translate_into(code: str) -> str:
    return _("Press releases to translate into %(language)s") % {
        "language": get_language_info(code)["name_translated"]
    }


# In the reader's language, when the panel is shown.
_translate_into = lazy(_title_translate_into, str)


def register_panels() -> None:
    register(
        Panel(
            key="release-drafts",
            title=_("My draft press releases"),
            shown_to=_writes,
            items=lambda user: (
                _releases()
                .filter(status=Status.DRAFT, created_by=user)
                .order_by("-updated_at", "-pk")
            ),
            when=_edited,
            empty=_("No draft of yours."),
            order=10,
        )
    )
    register(
        Panel(
            key="release-mine-in-review",
            title=_("My press releases waiting for review"),
            shown_to=_writes,
            items=lambda user: (
                _releases()
                .filter(
                    Q(created_by=user) | Q(updated_by=user), status=Status.IN_REVIEW
                )
                .order_by("updated_at", "pk")
            ),
            when=_waiting,
            empty=_("Nothing of yours is waiting for review."),
            order=20,
        )
    )
    register(
        Panel(
            key="release-review",
            title=_("Press releases waiting for my review"),
            shown_to=services.can_publish,
            items=lambda user: (
                _releases()
                .filter(status=Status.IN_REVIEW)
                # Oldest first: the longest wait comes first.
                .order_by("updated_at", "pk")
            ),
            when=_waiting,
            empty=_("Nothing is waiting for review."),
            order=30,
            see_all=lambda: _changelist(f"?status__exact={Status.IN_REVIEW}"),
        )
    )
    register(
        Panel(
            key="release-scheduled",
            title=_("Scheduled in the next 7 days"),
            shown_to=services.can_publish,
            items=lambda user: (
                _releases()
                .filter(
                    status=Status.PUBLISHED,
                    published_at__gt=timezone.now(),
                    published_at__lte=timezone.now() + SOON,
                )
                .order_by("published_at", "pk")
            ),
            when=_published,
            empty=_("Nothing is scheduled this week."),
            order=40,
            see_all=lambda: _changelist("?schedule=scheduled"),
        )
    )
    register(
        Panel(
            key="release-expiring",
            title=_("Leaving the site in the next 7 days"),
            shown_to=services.can_publish,
            items=lambda user: (
                _releases()
                .filter(
                    status=Status.PUBLISHED,
                    expires_at__gt=timezone.now(),
                    expires_at__lte=timezone.now() + SOON,
                )
                .order_by("expires_at", "pk")
            ),
            when=_expires,
            empty=_("No release leaves the site this week."),
            order=50,
            see_all=lambda: _changelist("?schedule=expiring"),
        )
    )
    register(
        Panel(
            key="release-recent",
            title=_("Recently published"),
            shown_to=services.can_publish,
            items=lambda user: (
                _releases()
                .filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
                .order_by("-published_at", "-pk")
            ),
            when=_published,
            empty=_("Nothing has been published yet."),
            order=60,
        )
    )
    for position, code in enumerate(language_codes()):
        register(
            Panel(
                key=f"release-missing-{code}",
                title=_translate_into(code),
                shown_to=_translates(code),
                items=_missing_in(code),
                when=_published,
                empty=_("Every press release is translated into this language."),
                note=_(
                    "Translations whose source has changed since are on the "
                    "translation board."
                ),
                order=70 + position,
                see_all=lambda code=code: (
                    reverse("admin:translations_translationstatus_changelist")
                    + f"?language={code}&model=news.pressrelease"
                ),
            )
        )
