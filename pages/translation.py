from modeltranslation.translator import TranslationOptions, register

from pages.models import MenuItem, Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "introduction", "body")
    board_order = 70


@register(MenuItem)
class MenuItemTranslationOptions(TranslationOptions):
    fields = ("title",)
    board_order = 80
