"""Rich text: the one place that knows which editor and sanitiser are used.

Models use ``RichTextField``; migrations reference this module, not the
editor's package, so the editor can be swapped here alone. Whatever the
editor sends, only the allow-listed HTML below is stored.
"""

from urllib.parse import urlsplit

import nh3
from django.core import validators
from django.db import models

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
    "figure",
    "figcaption",
    "hr",
    "sub",
    "sup",
    # Only to carry lang/dir around a quote or name in another language.
    "span",
}
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Images come from this site or over HTTPS only: no data: or http: URLs
    # that leak readers' addresses or carry payloads.
    if tag == "img" and attribute == "src":
        parts = urlsplit(value)
        if parts.scheme not in {"", "https"} or value.startswith("//"):
            return None
    return value


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allow-listed tags and attributes."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    return cleaned.strip()


class BoundedTextField(models.TextField):
    """A TextField whose ``max_length`` full_clean() enforces, as CharField's.

    Django's TextField passes ``max_length`` to its form field only: an
    import or a service saving without the form could store more than the
    admin then accepts, leaving an object no one can save.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))


class RichTextField(BoundedTextField):
    """A text field edited with the rich-text editor and sanitised on save."""

    def pre_save(self, model_instance, add):
        # The instance's own storage, not getattr(): modeltranslation's
        # descriptor on the original field would read another language's
        # text (fallback) and write it into the active language.
        value = model_instance.__dict__.get(self.attname)
        if value is not None:
            value = sanitize_html(value)
            model_instance.__dict__[self.attname] = value
        return value

    def clean(self, value, model_instance):
        # Sanitised first, so the length checked is the length stored (the
        # sanitiser adds rel="…" to links).
        value = sanitize_html(value) if value else value
        return super().clean(value, model_instance)

    def formfield(self, **kwargs):
        from ckeditor.widgets import CKEditorWidget

        # The admin passes its plain textarea for every TextField: the editor
        # wins over it, as django-ckeditor's own field does.
        kwargs["widget"] = CKEditorWidget
        return super().formfield(**kwargs)
