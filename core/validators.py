"""Checks any app's text fields share."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line breaks and tabs are what people type; every other control character
# (NUL included) is noise at best and an injection vector at worst.
ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def validate_no_control_characters(value: str) -> None:
    """Refuse text that holds control characters other than tabs and newlines."""
    if not value:
        return
    for character in str(value):
        if character in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(character) == "Cc":
            raise ValidationError(
                _(
                    "Remove the invisible control characters from this text "
                    "(they often come from copying out of another program)."
                ),
                code="control_characters",
            )
