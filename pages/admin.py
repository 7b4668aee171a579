from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from editorial.admin import EditorialAdminMixin
from pages.models import MenuItem, Page
from translations.admin import TranslatorAdminMixin


@admin.register(Page)
class PageAdmin(EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ["__str__", "languages_available", "updated_at"]
    search_fields = ["title_en", "title_fr", "title_es"]
    list_filter = ["updated_at"]
    list_select_related = []
    date_hierarchy = "updated_at"

    @admin.display(description=_("languages"))
    def languages_available(self, obj):
        return ", ".join(code.upper() for code in obj.languages())


@admin.register(MenuItem)
class MenuItemAdmin(EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ["__str__", "parent", "sort_order", "page", "destination"]
    list_editable = ["sort_order"]
    list_filter = ["parent"]
    list_select_related = ["parent", "page"]
    search_fields = ["title_en", "title_fr", "title_es"]
    autocomplete_fields = ["page"]
