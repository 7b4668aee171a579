from modeltranslation.translator import TranslationOptions, register

from news.models import DatelinePlace, MediaContact, PressRelease, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "slug")


@register(MediaContact)
class MediaContactTranslationOptions(TranslationOptions):
    fields = ("role",)


@register(PressRelease)
class PressReleaseTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "slug",
        "summary",
        "body",
        "lead_image_alt",
        "lead_image_caption",
        "lead_image_credit",
    )


@register(DatelinePlace)
class DatelinePlaceTranslationOptions(TranslationOptions):
    fields = ("city",)
