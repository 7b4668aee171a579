from django.utils import timezone
from modeltranslation.translator import TranslationOptions, register

from editorial.inbox import Panel
from editorial.inbox import register as register_panel
from news.models import (
    Correction,
    DatelinePlace,
    Kind,
    MediaContact,
    PressRelease,
    Status,
    Topic,
)
from translations import assignments


def is_live(release: PressRelease) -> bool:
    """Published and its time has come: readers may see it in some language."""
    return (
        release.status == Status.PUBLISHED
        and release.published_at is not None
        and release.published_at <= timezone.now()
    )


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    board_order = 50


@register(MediaContact)
class MediaContactTranslationOptions(TranslationOptions):
    fields = ("role",)
    board_order = 60


@register(PressRelease)
class PressReleaseTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "slug",
        "summary",
        "body",
    )
    # Translators' board (translations.registry): first, most asked for;
    # live items first, newest first, labelled with their kind.
    board_order = 10
    board_select_related = ("kind",)

    def board_live(release):
        return is_live(release)

    def board_date(release):
        return release.published_at

    def board_kind(release):
        return release.kind


@register(DatelinePlace)
class DatelinePlaceTranslationOptions(TranslationOptions):
    fields = ("city",)


@register(Kind)
class KindTranslationOptions(TranslationOptions):
    # Administrators name the kinds in every language: not on the board.
    fields = ("name", "plural", "slug")


@register(Correction)
class CorrectionTranslationOptions(TranslationOptions):
    fields = ("text",)
    # Right after the releases: a correction waits for its languages, and
    # is as live as its item.
    board_order = 15
    board_select_related = ("release",)

    def board_live(correction):
        return is_live(correction.release)

    def board_date(correction):
        return correction.date


# Translation assignments in the translators' inbox: described by the
# translations app, registered here because editorial and translations are
# siblings (neither imports the other) and news sits above both.
register_panel(Panel(**assignments.inbox_panel()))
