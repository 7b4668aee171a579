from modeltranslation.translator import TranslationOptions, register

from pages.models import MenuItem, Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "introduction", "body")


@register(MenuItem)
class MenuItemTranslationOptions(TranslationOptions):
    fields = ("title",)
