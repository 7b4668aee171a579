"""vCard 3.0 (RFC 2426) for media contacts, escaped as RFC 6350 §3.4 says."""

from django.utils.translation import gettext as _

from core.phones import format_international

LINE_LIMIT = 75  # octets, before the line break


def escape(value: str) -> str:
    """Escape a text value: backslash, comma, semicolon and line breaks."""
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without cutting a UTF-8 character."""
    parts = []
    current = ""
    limit = LINE_LIMIT
    for character in line:
        if len((current + character).encode()) > limit:
            parts.append(current)
            current = character
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        else:
            current += character
    parts.append(current)
    return "\r\n ".join(parts)


def render_vcard(contact) -> str:
    """The contact as a vCard, in the active language."""
    organisation = _("International Organization for Migration")
    office = str(contact.office) if contact.office_id else ""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        # The name is not split: people name themselves in too many ways.
        f"N:;{escape(contact.name)};;;",
        f"FN:{escape(contact.name)}",
        "ORG:{}".format(
            ";".join(escape(part) for part in (organisation, office) if part)
        ),
    ]
    if contact.role:
        lines.append(f"TITLE:{escape(contact.role)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(contact.email)}")
    if contact.phone:
        lines.append(
            f"TEL;TYPE=WORK,VOICE:{escape(format_international(contact.phone))}"
        )
    if contact.mobile:
        lines.append(
            f"TEL;TYPE=CELL,VOICE:{escape(format_international(contact.mobile))}"
        )
    names = contact.language_names()
    if names:
        note = _("Languages: {languages}").format(languages=", ".join(names))
        lines.append(f"NOTE:{escape(note)}")
    lines.append("END:VCARD")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
