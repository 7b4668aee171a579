from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
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


class ListSelect(forms.Select):
    """A select made with string joins rather than a template per option.

    The news list offers every country office on every page: Django's
    template-per-option rendering cost more than the rest of the page.
    Same markup as ``forms.Select``; option labels and values are escaped.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value is None else str(value)
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = " selected" if option_value == chosen else ""
            options.append(
                f'<option value="{escape(option_value)}"{selected}>'
                f"{escape(label)}</option>"
            )
        return mark_safe(
            f'<select name="{escape(name)}"{flatatt(attrs)}>\n'
            + "\n".join(options)
            + "\n</select>"
        )


class ReleaseFilterForm(forms.Form):
    """The news list's filters, offered in the reader's language.

    A value that is not among the choices (an unknown id, say) is dropped
    rather than shown as an error: the reader followed a stale link.
    """

    office = forms.TypedChoiceField(
        label=_("Country office"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=ListSelect,
    )
    region = forms.TypedChoiceField(
        label=_("Region"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=ListSelect,
    )
    topic = forms.TypedChoiceField(
        label=_("Topic"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=ListSelect,
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2999,
        widget=ListSelect,
    )

    def __init__(self, *args, choices: dict, **kwargs):
        """``choices``: ``filter_choices(language)``, for the reader's language."""
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", _("All country offices"))] + choices[
            "office"
        ]
        self.fields["region"].choices = [("", _("All regions"))] + choices["region"]
        self.fields["topic"].choices = [("", _("All topics"))] + choices["topic"]
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


def filter_choices(language: str) -> dict[str, list[tuple[int, str]]]:
    """The offices, regions and topics a reader of ``language`` may filter by.

    Each list holds (id, name) pairs in the reader's alphabetical order; a
    topic without a name in ``language`` is not offered.
    """
    from news.models import Topic
    from organization.models import CountryOffice

    offices = list(CountryOffice.objects.for_listing())
    regions = {office.region_id: office.region for office in offices}
    topics = [
        (topic.pk, getattr(topic, f"name_{language}"))
        for topic in Topic.objects.all()
        if getattr(topic, f"name_{language}", "")
    ]
    return {
        "office": _sorted([(office.pk, str(office)) for office in offices], language),
        "region": _sorted(
            [(pk, str(region)) for pk, region in regions.items()], language
        ),
        "topic": _sorted(topics, language),
    }


def _sorted(choices, language: str) -> list:
    return sorted(choices, key=lambda choice: collation_key(choice[1], language))
