"""Markup helpers every app shares."""

import json

from django.utils.safestring import SafeString, mark_safe

# What json.dumps leaves that could end a <script> element early (as
# Django's ``json_script`` escapes it), and the line separators that end a
# JavaScript string literal in older engines.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_for_script(data) -> SafeString:
    """``data`` as JSON that is safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - what could close the script is escaped
