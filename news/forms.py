from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from news.models import PressRelease, Status
from organization.collation import collation_key
from translations.policy import check_publication_policy


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
            "image",
            "country_offices",
            "topics",
            "kind",
            "spokesperson",
        ]
        # Staff upload body images through the checked upload view.
        widgets = {"body": CKEditorUploadingWidget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Validation writes the chosen status onto the instance.
        self.instance_status = self.instance.status
        if "kind" in self.fields:
            # Left empty (or not sent): the item keeps its kind, and a new
            # one is a press release.
            self.fields["kind"].required = False

    def clean_kind(self):
        from news.models import Kind, default_kind

        kind = self.cleaned_data.get("kind")
        if kind is None:
            if self.instance.kind_id:
                return self.instance.kind
            return Kind.objects.get(pk=default_kind())
        return kind

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        was = self.status_before
        if not self.can_publish and "status" in self.fields:
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
        elif (
            status == Status.PUBLISHED
            and "published_at" in self.fields
            and "published_at" not in self.errors
            and not cleaned.get("published_at")
        ):
            if was != Status.PUBLISHED:
                # Going live without a time means now, as the publish
                # action does; the model's check then sees the time.
                cleaned["published_at"] = timezone.now()
            else:
                # Clearing the time of a live release is a slip, not a
                # request to move it to the top of the news.
                self.add_error(
                    "published_at",
                    _("A published press release needs a publication time."),
                )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.cleaned_data.get("status") == Status.PUBLISHED:
            # The form's kind and speaker are on the instance by now.
            problem = self.instance.speaker_problem()
            if problem:
                field = "spokesperson" if "spokesperson" in self.fields else None
                self.add_error(field, problem)
        # Going live by picking the status obeys the translations policy
        # (all required languages together), as the publish action does.
        if "status" in self.changed_data and (
            self.cleaned_data.get("status") == Status.PUBLISHED
        ):
            try:
                check_publication_policy(self.instance)
            except ValidationError as error:
                self.add_error("status", error)

    @property
    def status_before(self) -> str:
        """The status the release had when the form was opened."""
        return self.instance_status if self.instance.pk else Status.DRAFT


class ListSelect(forms.Select):
    """A select whose options are written once, then only marked.

    The news list offers every country office on every page: Django's
    template-per-option rendering cost more than the rest of the page. The
    options' HTML (``options_html``, escaped) is made with the choices and
    kept with them (``filter_choices``); rendering marks the chosen one.
    Same markup as ``forms.Select``.
    """

    options_html = ""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        options = self.options_html or options_html(self.choices)
        chosen = "" if value is None else str(value).strip()
        if chosen.isdecimal():
            chosen = str(int(chosen))  # "05" chose office 5 too
        marker = f'<option value="{escape(chosen)}">'
        if marker in options:
            options = options.replace(
                marker, f'<option value="{escape(chosen)}" selected>', 1
            )
        return mark_safe(
            f'<select name="{escape(name)}"{flatatt(attrs)}>\n{options}\n</select>'
        )


def options_html(choices) -> str:
    return "\n".join(
        f'<option value="{escape(value)}">{escape(label)}</option>'
        for value, label in choices
    )


class ReleaseFilterForm(forms.Form):
    """The news list's filters, offered in the reader's language.

    A value that is not among the choices (an unknown id, say) is dropped
    rather than shown as an error: the reader followed a stale link.
    """

    office = forms.IntegerField(
        label=_("Country office"), required=False, widget=ListSelect
    )
    region = forms.IntegerField(label=_("Region"), required=False, widget=ListSelect)
    topic = forms.IntegerField(label=_("Topic"), required=False, widget=ListSelect)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2999,
        widget=ListSelect,
    )
    kind = forms.IntegerField(label=_("Kind"), required=False, widget=ListSelect)

    def __init__(self, *args, choices: dict, kind=None, **kwargs):
        """``choices``: ``filter_choices(language)``, for the reader's language;
        ``kind``: the kind whose page the form is on (no kind to choose)."""
        super().__init__(*args, **kwargs)
        # On a kind's page there is no kind to choose (nor in choices kept
        # in the cache by a version of the site before kinds).
        if kind is not None or "kind_ids" not in choices:
            del self.fields["kind"]
        self.offered = {}
        for name in ("office", "region", "topic", "kind"):
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            widget.options_html = choices[f"{name}_html"]
            self.offered[name] = choices[f"{name}_ids"]
        self.set_years([])

    def set_years(self, years: list[int]) -> None:
        widget = self.fields["year"].widget
        widget.choices = [("", _("All years"))] + [(year, str(year)) for year in years]
        widget.options_html = ""

    def _offered(self, name: str):
        value = self.cleaned_data.get(name)
        return value if value in self.offered[name] else None

    def clean_office(self):
        return self._offered("office")

    def clean_region(self):
        return self._offered("region")

    def clean_topic(self):
        return self._offered("topic")

    def clean_kind(self):
        return self._offered("kind")

    def filters(self) -> dict:
        """The valid filters, ready for ``PressReleaseQuerySet.filtered()``."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in ("office", "region", "topic", "year", "kind")
            if name in self.fields and cleaned.get(name) is not None
        }


def filter_choices(language: str) -> dict[str, list[tuple[int, str]]]:
    """The offices, regions and topics a reader of ``language`` may filter by.

    Each list holds (id, name) pairs in the reader's alphabetical order; a
    topic without a name in ``language`` is not offered. ``<name>_ids`` and
    ``<name>_html`` are the same as a set, for checking, and as the select's
    options, escaped. Made in the active language (``language``).
    """
    from news.models import Kind, Topic
    from organization.models import CountryOffice, country_names

    names = country_names()
    offices = list(CountryOffice.objects.for_choices())
    regions = {office.region_id: office.region for office in offices}
    topics = [
        (topic.pk, getattr(topic, f"name_{language}"))
        for topic in Topic.objects.all()
        if getattr(topic, f"name_{language}", "")
    ]
    lists = {
        "office": _sorted(
            [(office.pk, office.label(names)) for office in offices], language
        ),
        "region": _sorted(
            [(pk, str(region)) for pk, region in regions.items()], language
        ),
        "topic": _sorted(topics, language),
        # In the administrators' order, not alphabetical.
        "kind": [
            (kind.pk, getattr(kind, f"name_{language}", "") or str(kind))
            for kind in Kind.objects.all()
        ],
    }
    everything = {
        "office": _("All country offices"),
        "region": _("All regions"),
        "topic": _("All topics"),
        "kind": _("All kinds"),
    }
    made = dict(lists)
    for name, pairs in lists.items():
        made[f"{name}_ids"] = frozenset(pk for pk, _label in pairs)
        made[f"{name}_html"] = options_html([("", str(everything[name])), *pairs])
    return made


def _sorted(choices, language: str) -> list:
    return sorted(choices, key=lambda choice: collation_key(choice[1], language))
