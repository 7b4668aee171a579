from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.models import Profile, time_zone_names


def time_zone_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Not chosen")),
        *((name, name) for name in sorted(time_zone_names())),
    ]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A list of the real names, in the form only: the model validates
        # any value, and the zones a machine knows change with its tzdata.
        self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices())
