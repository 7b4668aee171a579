from modeltranslation.translator import TranslationOptions, register

from pages.models import MenuItem, Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "introduction", "body")
    board_order = 70

    def board_live(page):
        return page.is_published


@register(MenuItem)
class MenuItemTranslationOptions(TranslationOptions):
    fields = ("title",)
    board_order = 80
