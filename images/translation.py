from modeltranslation.translator import TranslationOptions, register

from images.models import Collection, Image, Licence


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    fields = ("title", "alt_text", "caption")


@register(Licence)
class LicenceTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Collection)
class CollectionTranslationOptions(TranslationOptions):
    fields = ("name",)
