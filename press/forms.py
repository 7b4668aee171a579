"""The sign-up and preferences forms: plain forms, so that whether an
address is already subscribed never shows in a validation error."""

import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from news.models import Kind, Topic
from organization.models import CountryOffice, Region
from press.validators import (
    validate_not_disposable,
    validate_public_domain,
    validate_single_line,
)


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents and case (Pérou by Peru)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name: a reader finds theirs whatever the
    page's language."""
    return [
        (code, get_language_info(code)["name_local"].capitalize())
        for code, _name in settings.LANGUAGES
    ]


class FollowsMixin(forms.Form):
    """Name, outlet, languages and what to follow: the part of a
    subscription its owner may change."""

    name = forms.CharField(
        label=_("Your name"), max_length=200, validators=[validate_single_line]
    )
    outlet = forms.CharField(
        label=_("Media outlet"),
        max_length=200,
        required=False,
        validators=[validate_single_line],
        help_text=_("The newspaper, broadcaster or agency you work for, if any."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you want to receive"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    follows_everything = forms.BooleanField(
        label=_("Everything the organisation publishes"), required=False
    )
    offices = forms.ModelMultipleChoiceField(
        label=_("Country offices"),
        queryset=CountryOffice.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    kinds = forms.ModelMultipleChoiceField(
        label=_("Kinds of item"),
        queryset=Kind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Leave these unticked to receive every kind. If you tick some, you "
            "receive only items of those kinds, among what you follow above "
            "(everything, or your country offices, regions and topics)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()
        # One query each, in the reader's alphabetical order.
        for name in ("offices", "topics"):
            field = self.fields[name]
            field.choices = sorted(
                ((item.pk, str(item)) for item in field.queryset),
                key=lambda choice: sort_key(choice[1]),
            )
        # Regions and kinds keep their editors' order.
        for name in ("regions", "kinds"):
            field = self.fields[name]
            field.choices = [(item.pk, str(item)) for item in field.queryset]

    def clean(self):
        cleaned = super().clean()
        follows = cleaned.get("follows_everything") or any(
            cleaned.get(name) for name in ("offices", "regions", "topics")
        )
        if not follows and not any(
            name in self.errors for name in ("offices", "regions", "topics")
        ):
            self.add_error(
                "follows_everything",
                _(
                    "Choose what to follow: everything, or at least one "
                    "country office, region or topic."
                ),
            )
        return cleaned

    @property
    def follows(self) -> dict:
        data = self.cleaned_data
        return {
            "follows_everything": data["follows_everything"],
            "offices": list(data["offices"]),
            "regions": list(data["regions"]),
            "topics": list(data["topics"]),
            "kinds": list(data["kinds"]),
        }


class SignUpForm(FollowsMixin):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        validators=[validate_public_domain, validate_not_disposable],
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the press office keeps my name, outlet, address and "
            "choices to send me its press releases. I can change them, download "
            "them or delete them at any time from the link in every email."
        ),
        error_messages={
            "required": _("Tick this box to agree, or we cannot send you anything.")
        },
    )
    # Hidden from people (CSS) and from assistive technology: only robots
    # fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    field_order = [
        "email",
        "name",
        "outlet",
        "languages",
        "follows_everything",
        "offices",
        "regions",
        "topics",
        "kinds",
        "consent",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].initial = [get_language()]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["outlet"].widget.attrs["autocomplete"] = "organization"
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class PreferencesForm(FollowsMixin):
    @classmethod
    def for_subscriber(cls, subscriber, data=None):
        initial = {
            "name": subscriber.name,
            "outlet": subscriber.outlet,
            "languages": subscriber.language_codes,
            "follows_everything": subscriber.follows_everything,
            "offices": [office.pk for office in subscriber.offices.all()],
            "regions": [region.pk for region in subscriber.regions.all()],
            "topics": [topic.pk for topic in subscriber.topics.all()],
            "kinds": [kind.pk for kind in subscriber.kinds.all()],
        }
        return cls(data=data, initial=initial)
