"""Forms of the second-factor pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

ONE_TIME_CODE = {
    "autocomplete": "one-time-code",
    "autocapitalize": "off",
    "spellcheck": "false",
}


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "The 6-digit code your authenticator app shows, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(attrs={**ONE_TIME_CODE, "autofocus": True}),
    )


class AuthenticatorForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=64,
        initial=_("Authenticator app"),
        help_text=_("To tell your devices apart, such as “Work phone”."),
    )
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The 6 digits the app shows once it has the secret."),
        widget=forms.TextInput(
            attrs={**ONE_TIME_CODE, "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To confirm it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Type it again."), code="wrong"
            )
        return password
