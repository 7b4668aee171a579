from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.utils.translation import gettext_lazy as _

from news.models import PressRelease, Status


class PressReleaseAdminForm(forms.ModelForm):
    """The editors' form: publishing states are for publishers only."""

    # Set per request by the admin (``PressReleaseAdmin.get_form``).
    can_publish = False

    class Meta:
        model = PressRelease
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "original_language",
            "status",
            "published_at",
            "dateline_date",
            "lead_image",
            "lead_image_alt",
            "lead_image_caption",
            "lead_image_credit",
            "country_offices",
            "topics",
        ]
        # Staff upload body images through the checked upload view.
        widgets = {"body": CKEditorUploadingWidget()}

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if not self.can_publish and "status" in self.fields:
            was = self.instance.status if self.instance.pk else Status.DRAFT
            if status != was and Status.PUBLISHED in (status, was):
                self.add_error(
                    "status",
                    _(
                        "Only publishers may publish or unpublish: choose "
                        "“In review” and a publisher will take it from there."
                    ),
                )
            elif status == Status.ARCHIVED and was != Status.ARCHIVED:
                self.add_error("status", _("Only publishers may archive."))
        return cleaned
