from modeltranslation.translator import TranslationOptions, register

from news.models import (
    Correction,
    DatelinePlace,
    Kind,
    MediaContact,
    PressRelease,
    Topic,
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
    # Translators' board (translations.registry): first, most asked for.
    board_order = 10


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
    # Right after the releases: a correction waits for its languages.
    board_order = 15
