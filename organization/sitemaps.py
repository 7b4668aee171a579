"""The organisation's public pages in the site map."""

from django.urls import reverse

from core.sitemaps import TranslatedSitemap
from organization.models import CountryOffice, Person, Unit


class OrganizationPagesSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def items(self):
        return ["organization:structure", "organization:office-list"]

    def location(self, item):
        return reverse(item)


class UnitSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Unit.objects.order_by("pk")

    def get_languages_for_item(self, item):
        return item.languages()


class OfficeSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return CountryOffice.objects.order_by("pk")

    def get_languages_for_item(self, item):
        return item.languages()


class PersonSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        # People who hold or held a post: the others have no page worth listing.
        return Person.objects.filter(tenures__isnull=False).distinct().order_by("pk")


SITEMAPS = {
    "organization": OrganizationPagesSitemap,
    "units": UnitSitemap,
    "offices": OfficeSitemap,
    "people": PersonSitemap,
}
