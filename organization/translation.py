from modeltranslation.translator import TranslationOptions, register

from organization.models import CountryOffice, Person, Post, Region, Unit


@register(Unit)
class UnitTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
    board_order = 20


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("biography",)
    board_order = 100


@register(Post)
class PostTranslationOptions(TranslationOptions):
    fields = ("title",)
    board_order = 30
    # The board names a post with its unit: loaded with it.
    board_select_related = ("unit",)


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)
    board_order = 90


@register(CountryOffice)
class CountryOfficeTranslationOptions(TranslationOptions):
    fields = ("city", "introduction")
    board_order = 40
