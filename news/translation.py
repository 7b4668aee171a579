from modeltranslation.translator import TranslationOptions, register

from news.models import DatelinePlace, MediaContact, PressRelease, Topic


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
