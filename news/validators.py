"""Checks shared by the news' text fields."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every app's text fields use it; migrations name it here.
from core.validators import validate_no_control_characters  # noqa: E402, F401


def validate_language_codes(value: str) -> None:
    """Accept a comma-separated list of known language codes such as ``es, en``."""
    from django.conf.locale import LANG_INFO

    for code in split_codes(value):
        if code not in LANG_INFO:
            raise ValidationError(
                _("“%(code)s” is not a language code Django knows, such as es or en."),
                code="unknown_language",
                params={"code": code},
            )


def split_codes(value: str) -> list[str]:
    return [part.strip().lower() for part in (value or "").split(",") if part.strip()]
