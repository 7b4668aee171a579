from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.utils.translation import gettext_lazy as _

from news.models import PressRelease, Status
from organization.collation import collation_key


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


class ReleaseFilterForm(forms.Form):
    """The news list's filters, offered in the reader's language.

    A value that is not among the choices (an unknown id, say) is dropped
    rather than shown as an error: the reader followed a stale link.
    """

    office = forms.TypedChoiceField(
        label=_("Country office"), required=False, coerce=int, empty_value=None
    )
    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None
    )
    topic = forms.TypedChoiceField(
        label=_("Topic"), required=False, coerce=int, empty_value=None
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2999,
        widget=forms.Select,
    )

    def __init__(self, *args, offices, topics, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = offices
        regions = {office.region_id: office.region for office in offices}
        self.fields["office"].choices = _choices(
            _("All country offices"),
            [(office.pk, str(office)) for office in offices],
            language,
        )
        self.fields["region"].choices = _choices(
            _("All regions"),
            [(pk, str(region)) for pk, region in regions.items()],
            language,
        )
        self.fields["topic"].choices = _choices(
            _("All topics"),
            [
                (topic.pk, getattr(topic, f"name_{language}"))
                for topic in topics
                if getattr(topic, f"name_{language}", "")
            ],
            language,
        )
        self.set_years([])

    def set_years(self, years: list[int]) -> None:
        self.fields["year"].widget.choices = [("", _("All years"))] + [
            (year, str(year)) for year in years
        ]

    def filters(self) -> dict:
        """The valid filters, ready for ``PressReleaseQuerySet.filtered()``."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in ("office", "region", "topic", "year")
            if cleaned.get(name) is not None
        }


def _choices(empty_label, choices, language: str) -> list:
    return [("", empty_label)] + sorted(
        choices, key=lambda choice: collation_key(choice[1], language)
    )
