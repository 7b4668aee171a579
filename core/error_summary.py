"""The list of a change form's mistakes, at its top, each linking to its field.

The admin marks each field in error, but a long form with language tabs
hides most of them: the summary names every one ("Summary (French): …"),
links to the field (the admin's JavaScript opens its language tab and puts
the focus in it) and takes the focus itself when the page loads, so screen
readers announce it first.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Mistake:
    label: str
    message: str
    # The element the link leads to: a field's id, or an inline row's.
    target: str = ""


def field_label(form, name: str) -> str:
    """``Title (French)`` for a translated field, else the field's label."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        field = None
    translated = getattr(field, "translated_field", None)
    if translated is not None:
        language = get_language_info(field.language)["name_translated"]
        return _("{field} ({language})").format(
            field=capfirst(translated.verbose_name), language=language
        )
    form_field = form.fields.get(name)
    label = form_field.label if form_field is not None else None
    return capfirst(label or name.replace("_", " "))


def form_mistakes(form, *, row: str = "", row_target: str = "") -> list[Mistake]:
    """Each error of ``form``, labelled; ``row`` names an inline row."""
    mistakes = []
    for name, errors in form.errors.items():
        visible = name in form.fields and not form[name].is_hidden
        if name == NON_FIELD_ERRORS or not visible:
            label, target = row, row_target
        else:
            label = field_label(form, name)
            if row:
                label = f"{row} – {label}"
            target = form[name].id_for_label or ""
        for message in errors:
            mistakes.append(Mistake(label=label, message=message, target=target))
    return mistakes


def formset_mistakes(formset, name: str, row_name: str) -> list[Mistake]:
    """The errors of an inline formset: its own, then row by row."""
    mistakes = [
        Mistake(label=name, message=message, target=f"{formset.prefix}-group")
        for message in formset.non_form_errors()
    ]
    for index, form in enumerate(formset.forms):
        if not form.errors:
            continue
        row = _("{name} {number}").format(name=row_name, number=index + 1)
        mistakes += form_mistakes(form, row=row, row_target=f"{formset.prefix}-{index}")
    return mistakes


def summarise(form, inline_admin_formsets) -> list[Mistake]:
    """Every mistake of a change form and of its inlines, in page order."""
    if not form.is_bound:
        return []
    mistakes = form_mistakes(form)
    for inline in inline_admin_formsets:
        formset = inline.formset
        if formset.is_bound and not formset.is_valid():
            mistakes += formset_mistakes(
                formset,
                capfirst(inline.opts.verbose_name_plural),
                capfirst(inline.opts.verbose_name),
            )
    return mistakes


class ErrorSummaryAdminMixin:
    """Puts ``error_summary`` (a list of ``Mistake``) in the change form."""

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context["error_summary"] = summarise(
            context["adminform"].form, context.get("inline_admin_formsets", [])
        )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )
