from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, override
from modeltranslation.admin import TabbedTranslationAdmin

from editorial.admin import EditorialAdminMixin, PreviewAdminMixin
from editorial.own_drafts import OwnDraftDeletionAdminMixin
from images.admin import LibraryImageChooserMixin
from pages import services
from pages.forms import PageAdminForm
from pages.models import MenuItem, Page, Status
from reviews.admin import OutsideReviewAdminMixin
from translations.admin import TranslatorAdminMixin
from translations.policy import check_publication_policy


@admin.register(Page)
class PageAdmin(
    OutsideReviewAdminMixin,
    PreviewAdminMixin,
    OwnDraftDeletionAdminMixin,
    EditorialAdminMixin,
    TranslatorAdminMixin,
    LibraryImageChooserMixin,
    TabbedTranslationAdmin,
):
    form = PageAdminForm
    # Taking a page off the site, by deleting or by restoring an older
    # state, is the publishers' call; its author may delete a page that
    # never went out.
    delete_permission = services.PUBLISH_PERMISSION
    publish_permission = services.PUBLISH_PERMISSION
    publish_fields = ("status",)
    # Changes to a live page by non-publishers wait as drafts.
    drafts = True
    fields = [
        "title",
        "slug",
        "introduction",
        "body",
        "image",
        "chosen_image",
        "status",
        "outside_review",
    ]
    readonly_fields = ["outside_review", "chosen_image"]
    list_display = [
        "__str__",
        "status",
        "draft_mark",
        "languages_available",
        "updated_at",
    ]
    search_fields = ["title_en", "title_fr", "title_es"]
    list_filter = ["status", "updated_at"]
    list_select_related = []
    date_hierarchy = "updated_at"
    actions = ["publish", "unpublish"]

    @admin.display(description=_("languages"))
    def languages_available(self, obj):
        return ", ".join(code.upper() for code in obj.languages())

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = services.can_publish(request.user)
        return form

    def check_draft_approval(self, obj):
        # An approved draft puts content live: the same policy as publishing.
        check_publication_policy(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        before = form.status_before
        if obj.status == Status.PUBLISHED and before != Status.PUBLISHED:
            # The same path as the publish action: rights, checks, audit.
            services.publish_page(page=obj, user=request.user)
        elif before == Status.PUBLISHED and obj.status != Status.PUBLISHED:
            services.unpublish_page(page=obj, user=request.user)
        else:
            super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        languages = obj.languages()
        if not languages:
            return None
        if not obj.is_published:
            return self.preview_url(obj, languages[0])
        with override(languages[0]):
            return obj.get_absolute_url()

    # Preview (PreviewAdminMixin)

    def preview_languages(self, obj):
        return obj.languages()

    def render_preview(self, request, obj, language_urls):
        context = {
            "object": obj,
            "page": obj,
            "preview": True,
            "noindex": True,
            "language_urls": language_urls,
        }
        return render(request, "pages/page_detail.html", context)

    # Actions

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    @admin.action(description=_("Publish selected pages"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run(
            request, lambda: services.publish_pages(pages=queryset, user=request.user)
        )

    @admin.action(description=_("Unpublish selected pages"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(
            request,
            lambda: services.unpublish_pages(pages=queryset, user=request.user),
        )

    def _run(self, request, run) -> None:
        try:
            changed = run()
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        except ValidationError as error:
            self.message_user(
                request,
                _("Nothing was changed: {errors}").format(
                    errors=" ".join(error.messages)
                ),
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            ngettext("%(count)d page changed.", "%(count)d pages changed.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(MenuItem)
class MenuItemAdmin(EditorialAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ["__str__", "parent", "sort_order", "page", "destination"]
    list_editable = ["sort_order"]
    list_filter = ["parent"]
    list_select_related = ["parent", "page"]
    search_fields = ["title_en", "title_fr", "title_es"]
    autocomplete_fields = ["page"]
