from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, override
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.admin_addresses import OddAddressMixin
from core.i18n import language_codes
from core.phones import format_international
from editorial.admin import EditorialAdminMixin, PreviewAdminMixin
from editorial.own_drafts import OwnDraftDeletionAdminMixin
from images.admin import LibraryImageChooserMixin
from news import services
from news.embargo_admin import EmbargoLinksAdminMixin
from news.forms import PressReleaseAdminForm
from news.leakcheck import LeakCheckAdminMixin
from news.ledger_admin import LanguageLedgerAdmin
from news.models import (
    Correction,
    DatelinePlace,
    EmbargoLink,
    Kind,
    LanguageLedger,
    MediaContact,
    PressRelease,
    ReleaseContact,
    ReleaseDocument,
    ReleaseImage,
    Status,
    Topic,
    public_language_flags,
    translated_names,
)
from news.views import render_release
from reviews.admin import OutsideReviewAdminMixin
from translations.admin import TranslatorAdminMixin
from translations.policy import check_publication_policy

EMBARGO_LINK_DAYS = 7


class DatelinePlaceInline(TranslationTabularInline):
    model = DatelinePlace
    extra = 0
    min_num = 0
    fields = ["office", "country", "city", "sort_order"]
    autocomplete_fields = ["office"]
    verbose_name = _("dateline place")
    verbose_name_plural = _(
        "dateline: one or more places (an office, a country or a city)"
    )
    # The rule, before anyone breaks it (DatelinePlace.clean()).
    template = "admin/core/tabular_inline_with_help.html"
    help_text = _(
        "Each row is one place: choose an office, or a country, or type a "
        "city — exactly one of the three, leaving the other two empty. "
        "Several rows read in order, joined by “/”, before the date."
    )


class ReleaseContactInline(admin.TabularInline):
    model = ReleaseContact
    extra = 0
    fields = ["contact", "sort_order"]
    autocomplete_fields = ["contact"]
    verbose_name = _("media contact")
    verbose_name_plural = _("media contacts (“for more information, please contact”)")


class ReleaseDocumentInline(admin.TabularInline):
    model = ReleaseDocument
    extra = 0
    fields = ["document", "sort_order"]
    autocomplete_fields = ["document"]
    verbose_name = _("document")
    verbose_name_plural = _("downloads: documents in the order readers see them")
    template = "admin/core/tabular_inline_with_help.html"
    help_text = _(
        "The “Downloads” block lists the documents by sort order, smallest "
        "first. A document’s files become downloadable once the release is "
        "public."
    )


class ReleaseImageInline(LibraryImageChooserMixin, admin.TabularInline):
    model = ReleaseImage
    extra = 0
    fields = ["image", "sort_order"]
    autocomplete_fields = ["image"]
    verbose_name = _("gallery photo")
    verbose_name_plural = _("gallery: library photos shown after the text")
    template = "admin/core/tabular_inline_with_help.html"
    help_text = _(
        "Type to search the image library. Photos are shown by sort order, "
        "smallest first, with their own caption and credit; a photo whose "
        "rights have expired is left out."
    )


class CorrectionFormSet(BaseInlineFormSet):
    """Corrections of the item; a form posted without their rows (an older
    page, a script) leaves them as they are rather than failing."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class CorrectionInline(TranslationStackedInline):
    """Corrections, clarifications and updates shown at the top of the item.

    On a live item they are a change like any other: an editor's new note
    waits in the item's draft until a publisher approves it.
    """

    model = Correction
    formset = CorrectionFormSet
    extra = 0
    fields = ["type", "date", "original_language", "text"]
    verbose_name = _("correction, clarification or update")
    verbose_name_plural = _(
        "corrections and updates (shown at the top of the item, dated)"
    )
    template = "admin/core/stacked_inline_with_help.html"
    help_text = _(
        "Write the note in one language and say which: the item's other "
        "languages are marked for translators until it is translated. On a "
        "published item, the note reaches readers once a publisher approves it."
    )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.base_fields[
                "original_language"
            ].initial = obj.original_language
        return formset


class LanguageAvailableFilter(admin.SimpleListFilter):
    title = _("language available")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        from django.conf import settings

        return [(code, name) for code, name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        if self.value() in language_codes():
            return queryset.translated_in(self.value())
        return queryset


class ScheduleFilter(admin.SimpleListFilter):
    """Published releases waiting to appear, or to leave the site."""

    title = _("schedule")
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return [
            ("scheduled", _("Scheduled")),
            ("expiring", _("Expiring")),
            ("expired", _("Expired")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Status.PUBLISHED)
        if self.value() == "scheduled":
            return published.filter(published_at__gt=now)
        if self.value() == "expiring":
            return published.filter(expires_at__gt=now)
        if self.value() == "expired":
            return published.filter(expires_at__lte=now)
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # The first and last years through an index, not a DISTINCT over
        # every release: an empty year in between is a small price.
        span = PressRelease.objects.aggregate(
            first=Min("published_at"), last=Max("published_at")
        )
        if span["first"] is None:
            return []
        first = timezone.localtime(span["first"]).year
        last = timezone.localtime(span["last"]).year
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        # Only a year on offer: another one (99999) would break the date
        # lookup, and would find nothing anyway.
        if self.value() in {year for year, _label in self.lookup_choices}:
            return queryset.filter(published_at__year=int(self.value()))
        return queryset


@admin.register(PressRelease)
class PressReleaseAdmin(
    OutsideReviewAdminMixin,
    LeakCheckAdminMixin,
    EmbargoLinksAdminMixin,
    PreviewAdminMixin,
    OwnDraftDeletionAdminMixin,
    EditorialAdminMixin,
    TranslatorAdminMixin,
    LibraryImageChooserMixin,
    TabbedTranslationAdmin,
):
    form = PressReleaseAdminForm
    # Taking a release off the site, by deleting or by restoring an older
    # state, is the publishers' call.
    delete_permission = services.PUBLISH_PERMISSION
    publish_permission = services.PUBLISH_PERMISSION
    publish_fields = ("status", "published_at", "expires_at")
    # Changes to a live release by non-publishers wait as drafts.
    drafts = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "preview_links",
                    "original_language",
                    "status",
                    "published_at",
                    "expires_at",
                    "dateline_date",
                    "embargo_links",
                    "journalists",
                    "leak_check",
                    "outside_review",
                ]
            },
        ),
        (
            _("Lead image"),
            {"fields": ["image", "chosen_image"]},
        ),
        (_("Related"), {"fields": ["country_offices", "topics"]}),
        (_("Kind of item"), {"fields": ["kind", "spokesperson"]}),
        (
            _("History"),
            {
                "classes": ["collapse"],
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
            },
        ),
    ]
    readonly_fields = [
        "chosen_image",
        "preview_links",
        "embargo_links",
        "journalists",
        "leak_check",
        "outside_review",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    inlines = [
        DatelinePlaceInline,
        ReleaseContactInline,
        ReleaseDocumentInline,
        ReleaseImageInline,
        CorrectionInline,
    ]
    list_display = [
        "__str__",
        "status_label",
        "draft_mark",
        "published_at",
        "language_marks",
        "countries",
    ]
    list_filter = [
        "status",
        "kind",
        # Every office (a short list), not only those with releases: finding
        # those reads every release link.
        "country_offices",
        "topics",
        ScheduleFilter,
        LanguageAvailableFilter,
        YearFilter,
    ]
    list_select_related = []
    # Titles only, each with a trigram index (migration 0005): summaries
    # would make every search read the whole table.
    search_fields = ["title_en", "title_fr", "title_es"]
    # Filtered lists say "n results" without counting the whole archive too.
    show_full_result_count = False
    autocomplete_fields = ["country_offices", "topics", "image", "spokesperson"]
    date_hierarchy = "published_at"
    actions = ["submit_for_review", "publish", "unpublish"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("country_offices")
        if request.resolver_match and request.resolver_match.url_name.endswith(
            "_changelist"
        ):
            # The list shows which languages are complete, not the texts.
            queryset = queryset.defer(
                *translated_names("body"), *translated_names("summary"), "body"
            ).annotate(**public_language_flags())
        return queryset

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = services.can_publish(request.user)
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if (
            obj is not None
            and obj.status in (Status.PUBLISHED, Status.ARCHIVED)
            and not services.can_publish(request.user)
        ):
            # A live release's state and times are the publishers' to change.
            fields += ["status", "published_at", "expires_at"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        was = form.status_before
        if obj.status == Status.PUBLISHED and was != Status.PUBLISHED:
            # The same path as the publish action: rights, policy, time, audit.
            services.publish_press_release(release=obj, user=request.user)
        elif was == Status.PUBLISHED and obj.status != Status.PUBLISHED:
            services.unpublish_press_release(
                release=obj, user=request.user, status=obj.status
            )
        else:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            for inline_form in formset.forms:
                row = inline_form.instance
                if row.pk is None and row.added_by_id is None:
                    row.added_by = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        inactive = MediaContact.objects.filter(
            release_links__release=form.instance, is_active=False
        )
        names = ", ".join(contact.name for contact in inactive)
        if names:
            messages.warning(
                request,
                _(
                    "This release lists media contacts marked inactive: {names}. "
                    "Journalists may not reach them."
                ).format(names=names),
            )

    def view_on_site(self, obj):
        languages = obj.languages()
        if not languages:
            return self.preview_url(obj, obj.original_language)
        language = (
            obj.original_language
            if obj.original_language in languages
            else languages[0]
        )
        with override(language):
            return obj.get_absolute_url()

    @admin.display(description=_("journalists"))
    def journalists(self, obj):
        # The press app's pages (it sits above news: named, not imported).
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?release__id__exact={}">{}</a>',
            reverse("admin:press_dispatch_advance", args=[obj.pk]),
            _("Send in advance to verified journalists"),
            reverse("admin:press_dispatch_changelist"),
            obj.pk,
            _("Delivery report"),
        )

    # Columns

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return format_html(
                '<span title="{}">{}</span>',
                _("Appears on the site at the publication time."),
                _("Scheduled"),
            )
        if obj.is_expired:
            return format_html(
                '<span title="{}">{}</span>',
                _("Taken off the site at the time set for it."),
                _("Expired"),
            )
        return obj.get_status_display()

    @admin.display(description=_("languages"))
    def language_marks(self, obj):
        if hasattr(obj, "in_en"):  # annotated by get_queryset()
            translated = {
                code for code in language_codes() if getattr(obj, f"in_{code}")
            }
        else:
            translated = set(obj.translated_languages())
        return format_html_join(
            " ",
            '<span title="{}">{} {}</span>',
            (
                (
                    _("complete") if code in translated else _("missing"),
                    code.upper(),
                    "✓" if code in translated else "–",
                )
                for code in language_codes()
            ),
        )

    @admin.display(description=_("country offices"))
    def countries(self, obj):
        return ", ".join(str(office) for office in obj.country_offices.all())

    @admin.display(description=_("preview"))
    def preview_links(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the release once to preview it.")
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            (
                (
                    self.preview_url(obj, code),
                    _("Preview in {language}").format(language=code.upper()),
                )
                for code in obj.translated_languages()
            ),
        ) or _("Fill in a language's title, summary and body to preview it.")

    def check_draft_approval(self, obj):
        # An approved draft puts content live: the same policy as publishing.
        check_publication_policy(obj)

    # Preview (PreviewAdminMixin)

    def preview_languages(self, obj):
        return obj.translated_languages()

    def render_preview(self, request, obj, language_urls):
        return render_release(
            request, obj, language_urls=language_urls, preview=True, noindex=True
        )

    # Actions

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    @admin.action(
        description=_("Submit selected press releases for review"),
        permissions=["change"],
    )
    def submit_for_review(self, request, queryset):
        return self._confirm_then(
            request,
            queryset,
            action="submit_for_review",
            question=_("Submit these press releases for review?"),
            run=lambda releases: services.submit_for_review(
                releases=releases, user=request.user
            ),
        )

    @admin.action(
        description=_("Publish selected press releases"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        return self._confirm_then(
            request,
            queryset,
            action="publish",
            question=_(
                "Publish these press releases? Those with a publication time "
                "in the future will appear at that time."
            ),
            run=lambda releases: services.publish_press_releases(
                releases=releases, user=request.user
            ),
        )

    @admin.action(
        description=_("Unpublish selected press releases"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        return self._confirm_then(
            request,
            queryset,
            action="unpublish",
            question=_("Take these press releases off the site?"),
            run=lambda releases: services.unpublish_press_releases(
                releases=releases, user=request.user
            ),
        )

    def _confirm_then(self, request, queryset, *, action, question, run):
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": question,
                "question": question,
                "objects": queryset,
                "action": action,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "media": self.media,
            }
            return TemplateResponse(request, "news/admin/confirm_action.html", context)
        try:
            changed = run(list(queryset))
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        except ValidationError as error:
            self.message_user(
                request,
                _("Nothing was changed: {errors}").format(
                    errors=" ".join(error.messages)
                ),
                messages.ERROR,
            )
            return None
        self.message_user(
            request,
            ngettext(
                "%(count)d press release changed.",
                "%(count)d press releases changed.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )
        return None


@admin.register(MediaContact)
class MediaContactAdmin(
    EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin
):
    list_display = ["name", "role", "office", "email", "phone_number", "is_active"]
    list_filter = ["is_active", ("office", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["office"]
    search_fields = ["name", "email", "role_en", "role_fr", "role_es"]
    autocomplete_fields = ["office"]
    readonly_fields = ["vcard_link"]

    @admin.display(description=_("phone"))
    def phone_number(self, obj):
        return format_international(obj.phone)

    @admin.display(description=_("vCard"))
    def vcard_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', obj.get_vcard_url(), _("Download the vCard")
        )


@admin.register(Topic)
class TopicAdmin(EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ["__str__", "slug"]
    list_filter = []
    list_select_related = []
    search_fields = ["name_en", "name_fr", "name_es"]


@admin.register(Kind)
class KindAdmin(EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ["__str__", "code", "schema_type", "has_speaker", "sort_order"]
    list_filter = []
    list_select_related = []
    search_fields = ["code", "name_en", "name_fr", "name_es"]
    fields = [
        "code",
        "name",
        "plural",
        "slug",
        "schema_type",
        "has_speaker",
        "sort_order",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and "code" not in fields:
            # Code refers to it: once made, it stays.
            fields.append("code")
        return fields


class CorrectionAdminForm(forms.ModelForm):
    """Anyone but a publisher may add a language's missing text, not change
    a text readers already see (that goes through the item's draft)."""

    can_publish = False

    class Meta:
        model = Correction
        fields = ["text"]

    def clean(self):
        cleaned = super().clean()
        if self.can_publish:
            return cleaned
        for code in language_codes():
            name = f"text_{code}"
            before = (self.initial.get(name) or "").strip()
            if name in self.fields and before and cleaned.get(name, "") != before:
                self.add_error(
                    name,
                    _(
                        "Readers already see this text: change it from the "
                        "item's form, where a publisher approves it. Here you "
                        "may fill in the languages still missing."
                    ),
                )
        return cleaned


@admin.register(Correction)
class CorrectionAdmin(TranslatorAdminMixin, TabbedTranslationAdmin):
    """Where translators translate corrections (the board links here).

    Corrections are added and changed on their item's form; here only
    their missing languages are filled in.
    """

    form = CorrectionAdminForm
    list_display = ["__str__", "release", "original_language", "language_marks"]
    list_filter = ["type", "original_language"]
    list_select_related = ["release"]
    search_fields = ["text_en", "text_fr", "text_es"]
    date_hierarchy = "date"
    fields = ["release", "type", "date", "original_language", "text"]
    readonly_fields = ["release", "type", "date", "original_language"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = services.can_publish(request.user)
        return form

    @admin.display(description=_("languages"))
    def language_marks(self, obj):
        present = set(obj.languages())
        return format_html_join(
            " ",
            "<span>{} {}</span>",
            (
                (code.upper(), "✓" if code in present else "–")
                for code in language_codes()
            ),
        )


@admin.register(EmbargoLink)
class EmbargoLinkAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = ["release", "language", "recipient", "expires_at", "state", "link"]
    list_filter = ["language", "revoked_at"]
    list_select_related = ["release"]
    search_fields = ["recipient", "release__title_en", "release__title_fr"]
    autocomplete_fields = ["release"]
    date_hierarchy = "created_at"
    fields = ["release", "language", "recipient", "expires_at", "link", "revoked_at"]
    readonly_fields = ["link", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and services.can_publish(
            request.user
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and services.can_publish(
            request.user
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault(
            "expires_at", timezone.now() + timedelta(days=EMBARGO_LINK_DAYS)
        )
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.state()

    @admin.display(description=_("link to send"))
    def link(self, obj):
        if obj is None or not obj.token:
            return _("The link appears here once saved.")
        # A link, so that "copy link address" gives the full address.
        url = obj.get_absolute_url()
        return format_html('<a href="{}" rel="noreferrer">{}</a>', url, url)

    @admin.action(description=_("Revoke selected links"), permissions=["change"])
    def revoke(self, request, queryset):
        count = services.revoke_embargo_links(links=queryset)
        self.message_user(
            request,
            ngettext("%(count)d link revoked.", "%(count)d links revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# The language-parity ledger: its report and the public page's switch.
admin.site.register(LanguageLedger, LanguageLedgerAdmin)
