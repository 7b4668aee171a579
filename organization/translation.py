from modeltranslation.translator import TranslationOptions, register

from organization.models import CountryOffice, Person, Post, Region, Unit


@register(Unit)
class UnitTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("biography",)


@register(Post)
class PostTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(CountryOffice)
class CountryOfficeTranslationOptions(TranslationOptions):
    fields = ("city", "introduction")
