"""Phone numbers: stored in E.164 with an optional extension, shown in the
international format.

The stored form is RFC 3966's ``+5112217209;ext=145`` so one column keeps the
number and its extension together and survives round trips exactly.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

EXTENSION_MARK = ";ext="


def parse_phone(raw: str) -> phonenumbers.PhoneNumber:
    """Parse what a person typed, or raise ValidationError saying why not."""
    text = (raw or "").strip()
    if EXTENSION_MARK in text:
        number, extension = text.split(EXTENSION_MARK, 1)
        text = f"{number} ext. {extension}"
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _(
                "Enter a valid international phone number starting with + and "
                "the country code, for example +41 22 717 9111 ext. 145."
            ),
            code="invalid_phone",
        )
    return parsed


def to_storage(parsed: phonenumbers.PhoneNumber) -> str:
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164}{EXTENSION_MARK}{parsed.extension}" if parsed.extension else e164


def format_international(value: str) -> str:
    """``+5112217209;ext=145`` → ``+51 1 2217209 ext. 145``."""
    if not value:
        return ""
    try:
        parsed = parse_phone(value)
    except ValidationError:
        return value
    # phonenumbers words the extension the number's country's way ("Anexo"
    # for Peru); the site writes it one way in every language.
    extension = parsed.extension
    parsed.extension = None
    text = phonenumbers.format_number(
        parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return f"{text} ext. {extension}" if extension else text


def tel_uri(value: str) -> str:
    """``+5112217209;ext=145`` → ``tel:+51-1-2217209;ext=145`` (RFC 3966)."""
    if not value:
        return ""
    try:
        parsed = parse_phone(value)
    except ValidationError:
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966)


class PhoneNumberField(models.CharField):
    """A phone number in E.164 with an optional extension."""

    description = _("Phone number (E.164, optional extension)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        return to_storage(parse_phone(value))
