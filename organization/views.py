from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.html import json_for_script
from core.i18n import language_codes, shown_language
from core.views import TranslatedDetailView
from organization.collation import collation_key
from organization.models import CountryOffice, Person, Tenure, Unit
from organization.tree import prepare, structure_tree, unit_page
from pagecache import fragments
from pagecache.decorators import PublicPageCacheMixin


class StructureView(PublicPageCacheMixin, TemplateView):
    template_name = "organization/structure.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tree"] = structure_tree(get_language())
        return context


class UnitDetailView(PublicPageCacheMixin, TranslatedDetailView):
    template_name = "organization/unit_detail.html"
    context_object_name = "unit"
    required_fields = ("name",)

    def get_queryset(self):
        return Unit.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language()
        context.update(unit_page(self.object, language))
        context["description_lang"] = shown_language(
            self.object, "description", language
        )
        return context


class PersonDetailView(PublicPageCacheMixin, TranslatedDetailView):
    template_name = "organization/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.for_detail()

    def get_languages(self, obj):
        # A person's name is the same in every language.
        return language_codes()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language()
        tenures = list(self.object.tenures.all())
        for tenure in tenures:
            prepare(tenure.post.unit, language)
        context["current_tenures"] = [t for t in tenures if t.is_current()]
        context["former_tenures"] = [
            t for t in tenures if t.ends_on and not t.is_current()
        ]
        context["biography_lang"] = shown_language(self.object, "biography", language)
        return context


class OfficeListView(PublicPageCacheMixin, TemplateView):
    template_name = "organization/office_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language()
        # The list is the same for every reader of a language until content
        # changes: kept until then (pagecache/fragments.py).
        context["offices_html"] = fragments.cached(
            "office-list",
            lambda: render_to_string(
                "organization/_office_list.html", {"regions": self.regions(language)}
            ),
        )
        return context

    def regions(self, language: str) -> list[dict]:
        groups = {}
        for office in CountryOffice.objects.for_listing():
            groups.setdefault(office.region, []).append(office)
        return [
            {
                "region": region,
                "offices": sorted(
                    offices, key=lambda o: collation_key(str(o), language)
                ),
            }
            for region, offices in sorted(
                groups.items(), key=lambda item: (item[0].sort_order, item[0].pk)
            )
        ]


class OfficeDetailView(PublicPageCacheMixin, TranslatedDetailView):
    template_name = "organization/office_detail.html"
    context_object_name = "office"

    def get_queryset(self):
        return CountryOffice.objects.for_detail()

    def get_languages(self, obj):
        return obj.languages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = self.object
        chief = None
        if office.chief_of_mission_id:
            chief = (
                Tenure.objects.current()
                .filter(post=office.chief_of_mission_id)
                .select_related("person")
                .order_by("is_acting", "-starts_on")
                .first()
            )
        context["chief"] = chief
        context["office_name"] = _("IOM {country}").format(country=office)
        # The releases about the office, as feeds (news/_feed_links.html).
        context["feed_office"] = {"pk": office.pk, "name": str(office)}
        context["json_ld"] = json_for_script(self.structured_data(office, chief))
        context["introduction_lang"] = shown_language(
            office, "introduction", get_language()
        )
        return context

    def structured_data(self, office, chief) -> dict:
        """schema.org GovernmentOrganization for the office."""
        request = self.request
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": _("IOM {country}").format(country=office),
            "url": request.build_absolute_uri(office.get_absolute_url()),
            "parentOrganization": {
                "@type": "GovernmentOrganization",
                "name": _("International Organization for Migration"),
            },
            "address": {
                "@type": "PostalAddress",
                "addressCountry": office.country.code,
            },
        }
        if office.city:
            data["address"]["addressLocality"] = office.city
        if office.address:
            data["address"]["streetAddress"] = office.address
        if office.email:
            data["email"] = office.email
        if office.phone:
            # E.164 without the extension, which schema.org has no place for.
            data["telephone"] = office.phone.split(";")[0]
        if chief is not None:
            data["employee"] = {
                "@type": "Person",
                "name": chief.person.name,
                "jobTitle": office.chief_of_mission.title,
            }
        return data
