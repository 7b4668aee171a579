"""Checks on what a journalist types into the sign-up and preferences forms."""

import unicodedata
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DISPOSABLE_DOMAINS_FILE = Path(__file__).with_name("disposable_domains.txt")
# Line and paragraph separators end a header line for some mail software.
LINE_BREAKS = {"\u2028", "\u2029", "\x85"}


@cache
def disposable_domains() -> frozenset[str]:
    lines = DISPOSABLE_DOMAINS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower()
        for line in lines
        if line.strip() and not line.startswith("#")
    )


def is_disposable(domain: str) -> bool:
    """``domain`` or a domain it belongs to is a throw-away address service."""
    parts = domain.lower().rstrip(".").split(".")
    known = disposable_domains()
    return any(".".join(parts[i:]) in known for i in range(len(parts) - 1))


def validate_not_disposable(value: str) -> None:
    domain = value.rpartition("@")[2]
    if is_disposable(domain):
        raise ValidationError(
            _(
                "Addresses from throw-away mail services cannot subscribe: "
                "use the address you work with."
            ),
            code="disposable",
        )


def validate_single_line(value: str) -> None:
    """Refuse line breaks and control characters (they could forge email
    headers)."""
    if any(char in LINE_BREAKS or unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(
            _("Use one line of text, without line breaks or control characters."),
            code="single_line",
        )


def validate_public_domain(value: str) -> None:
    """Refuse ``name@localhost`` and ``name@[192.0.2.1]``, which Django's
    validator lets through: mail to them is not mail to a journalist."""
    domain = value.rpartition("@")[2]
    if "." not in domain.strip(".") or domain.startswith("["):
        raise ValidationError(
            _("Enter an address with a full domain name, like name@example.org."),
            code="domain",
        )
