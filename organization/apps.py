from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organisation")

    def ready(self):
        from images import usage
        from organization.models import CountryOffice, Person

        # Every person and office has a public page: their photos are public.
        usage.register(Person, public=lambda people: people)
        usage.register(CountryOffice, public=lambda offices: offices)
