from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.db import router
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from editorial.admin import EditorialAdminMixin
from images.admin import LibraryImageChooserMixin
from organization.models import CountryOffice, Person, Post, Region, Tenure, Unit
from organization.services import appoint_holder, refresh_unit_tree, save_unit
from translations.admin import TranslatorAdminMixin


class PostInline(TranslationTabularInline):
    model = Post
    fields = ["title", "is_head", "sort_order"]
    extra = 0
    show_change_link = True


@admin.register(Unit)
class UnitAdmin(EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ["tree_name", "kind", "head_post", "sort_order"]
    list_display_links = ["tree_name"]
    list_editable = ["sort_order"]
    list_filter = ["kind"]
    list_select_related = []
    list_per_page = 200
    search_fields = ["name_en", "name_fr", "name_es", "slug_en", "slug_fr", "slug_es"]
    ordering = ["tree_path", "pk"]
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "kind", "parent", "sort_order", "description"]
    inlines = [PostInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("posts", queryset=Post.objects.heads(), to_attr="head_posts")
            )
        )

    @admin.display(description=_("unit"), ordering="tree_path")
    def tree_name(self, obj):
        return format_html(
            '<span style="padding-inline-start:{}em">{}{}</span>',
            obj.depth * 1.5,
            "↳ " if obj.depth else "",
            obj,
        )

    @admin.display(description=_("head post"))
    def head_post(self, obj):
        heads = getattr(obj, "head_posts", None)
        return heads[0].title if heads else "—"

    def save_model(self, request, obj, form, change):
        # The form has validated the unit; the service keeps the tree order.
        save_unit(unit=obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_unit_tree()


class TenureInline(admin.TabularInline):
    model = Tenure
    fields = ["person", "starts_on", "ends_on", "is_acting"]
    autocomplete_fields = ["person"]
    extra = 0


class PostAdminForm(forms.ModelForm):
    """The post, plus an optional new holder appointed in the same save."""

    new_holder = forms.ModelChoiceField(
        label=_("new holder"),
        queryset=Person.objects.all(),
        required=False,
        widget=AutocompleteSelect(Tenure._meta.get_field("person"), admin.site),
        help_text=_("Ends the current holder's tenure on the day the new one starts."),
    )
    appointed_on = forms.DateField(
        label=_("starting on"), required=False, widget=AdminDateWidget
    )
    appointed_ad_interim = forms.BooleanField(label=_("ad interim"), required=False)

    class Meta:
        model = Post
        fields = ["unit", "title", "is_head", "sort_order"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_holder") and not cleaned.get("appointed_on"):
            self.add_error(
                "appointed_on", _("Give the date on which the appointment starts.")
            )
        return cleaned


@admin.register(Post)
class PostAdmin(EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    form = PostAdminForm
    list_display = ["title", "unit", "is_head", "current_holder"]
    list_filter = ["is_head", "unit__kind"]
    list_select_related = ["unit"]
    search_fields = [
        "title_en",
        "title_fr",
        "title_es",
        "unit__name_en",
        "unit__name_fr",
        "unit__name_es",
    ]
    autocomplete_fields = ["unit"]
    fieldsets = [
        (None, {"fields": ["unit", "title", "is_head", "sort_order"]}),
        (
            _("Appoint a holder"),
            {"fields": ["new_holder", "appointed_on", "appointed_ad_interim"]},
        ),
    ]
    inlines = [TenureInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("unit")
            .prefetch_related(
                Prefetch(
                    "tenures",
                    queryset=Tenure.objects.current().select_related("person"),
                    to_attr="current_tenures",
                )
            )
        )

    @admin.display(description=_("current holder"))
    def current_holder(self, obj):
        tenures = getattr(obj, "current_tenures", None)
        if not tenures:
            return _("vacant")
        tenure = tenures[0]
        if tenure.is_acting:
            return _("{name} (ad interim)").format(name=tenure.person)
        return str(tenure.person)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = form.cleaned_data.get("new_holder")
        if person is not None:
            appoint_holder(
                post=form.instance,
                person=person,
                starts_on=form.cleaned_data["appointed_on"],
                acting=form.cleaned_data.get("appointed_ad_interim", False),
            )


class PersonTenureInline(admin.TabularInline):
    model = Tenure
    fields = ["post", "starts_on", "ends_on", "is_acting"]
    autocomplete_fields = ["post"]
    extra = 0
    verbose_name_plural = _("posts held")


@admin.register(Person)
class PersonAdmin(
    EditorialAdminMixin,
    TranslatorAdminMixin,
    LibraryImageChooserMixin,
    TabbedTranslationAdmin,
):
    list_display = ["name", "has_photo"]
    search_fields = ["name"]
    list_filter = []
    list_select_related = []
    fields = ["name", "image", "chosen_image", "biography"]
    readonly_fields = ["chosen_image"]
    inlines = [PersonTenureInline]

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, obj):
        return obj.image_id is not None


@admin.register(Region)
class RegionAdmin(EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ["__str__", "sort_order"]
    list_editable = ["sort_order"]
    list_filter = []
    list_select_related = []
    search_fields = ["name_en", "name_fr", "name_es"]


@admin.register(CountryOffice)
class CountryOfficeAdmin(
    EditorialAdminMixin,
    TranslatorAdminMixin,
    LibraryImageChooserMixin,
    TabbedTranslationAdmin,
):
    list_display = ["__str__", "country", "kind", "region", "city", "email"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["city_en", "city_fr", "city_es", "email"]
    autocomplete_fields = ["region", "chief_of_mission"]
    fields = [
        "country",
        "kind",
        "region",
        "city",
        "address",
        "phone",
        "email",
        "chief_of_mission",
        "introduction",
        "image",
        "chosen_image",
    ]
    readonly_fields = ["chosen_image"]

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        if protected:
            protected = self.protecting_objects(objs, request)
        return deleted, counts, perms_needed, protected

    def protecting_objects(self, objs, request) -> list[str]:
        """What stops the deletion, named as editors know it.

        Django lists the rows that point at the office, "Dateline place:
        Peru" (a row edited inline, with no page of its own): each is named
        by the object it belongs to (the press release), linked to its page
        for those who may open it.
        """
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        owners = {}
        for obj in collector.protected:
            owner = self.owner_of(obj)
            owners[(type(owner), owner.pk)] = owner
        ordered = sorted(
            owners.values(),
            key=lambda owner: (str(owner._meta.verbose_name), str(owner)),
        )
        return [self.describe(owner, request) for owner in ordered]

    def owner_of(self, obj):
        """``obj``, or the object with an admin page that ``obj`` is part of."""
        site = self.admin_site
        if site.is_registered(type(obj)):
            return obj
        for field in obj._meta.concrete_fields:
            if (
                field.many_to_one
                and field.related_model is not self.model
                and site.is_registered(field.related_model)
            ):
                return getattr(obj, field.name)
        return obj

    def describe(self, obj, request) -> str:
        opts = obj._meta
        label = capfirst(opts.verbose_name)
        site = self.admin_site
        if site.is_registered(type(obj)) and site.get_model_admin(
            type(obj)
        ).has_view_or_change_permission(request, obj):
            url = reverse(
                f"{site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
            )
            return format_html('{}: <a href="{}">{}</a>', label, url, obj)
        return format_html("{}: {}", label, obj)

    def get_search_results(self, request, queryset, search_term):
        # Country names are not stored: match them in the editor's language.
        found, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        term = search_term.strip().casefold()
        if term:
            codes = [code for code, name in countries if term in name.casefold()]
            if codes:
                found = found | queryset.filter(country__in=codes)
        return found, may_have_duplicates
