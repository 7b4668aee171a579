"""Assignments: an item to translate into a language, by a translator, by a day.

A Publisher or editor (``translations.add_assignment``) sets them from the
board; the translator finds them in the work inbox on the admin home page.
An assignment is done when the item's translation in its language is: the
save that makes it so closes it (``close_done``, a post_save receiver, as
fingerprints are recorded), whichever way it was written.

The inbox panel is described here, but registered by a content app (see
``news/translation.py``): editorial and translations are siblings in the
layers, neither imports the other. This module is imported while the
content apps' ``translation.py`` modules are read: it reads the registry
(``registry.TRANSLATABLES``) only when called, never on import.
"""

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_save
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translations import registry
from translations.models import Assignment
from translations.registry import language_name
from translations.roles import GROUP_NAMES, translator_languages

ASSIGN_PERMISSION = "translations.add_assignment"


def may_assign(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(ASSIGN_PERMISSION)


def translators_of(language: str) -> models.QuerySet:
    """The active staff who translate into ``language`` (group or own right)."""
    permission = Permission.objects.filter(
        content_type__app_label="translations", codename=f"translate_{language}"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            models.Q(groups__permissions__in=permission)
            | models.Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("username")
    )


def item_or_404(content_type_id: int, pk: int) -> models.Model:
    """The translatable item a board link names."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model not in registry.BY_MODEL:
        raise Http404
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


class AssignmentForm(forms.Form):
    translator = forms.ModelChoiceField(
        label=gettext_lazy("Translator"),
        # Any active person is looked up, so that someone who is not a
        # translator of the language gets a message saying so; the list
        # offers only the language's translators.
        queryset=get_user_model().objects.filter(is_active=True),
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        field = self.fields["translator"]
        field.widget.choices = [("", "---------")] + [
            (user.pk, _display_name(user)) for user in translators_of(language)
        ]

    def clean_translator(self):
        user = self.cleaned_data["translator"]
        if self.language not in translator_languages(user) or not user.is_staff:
            raise forms.ValidationError(
                _(
                    "{name} does not translate into {language}: choose one of "
                    "the listed translators, or ask an administrator to add "
                    "them to the “{group}” group first."
                ).format(
                    name=_display_name(user),
                    language=language_name(self.language),
                    group=GROUP_NAMES.get(self.language, self.language),
                )
            )
        return user

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(
                _("This day has passed: choose today or a later day.")
            )
        return due_on


@transaction.atomic
def assign_translation(
    *,
    obj: models.Model,
    language: str,
    translator,
    due_on: date,
    assigned_by,
) -> Assignment:
    """Give ``obj``'s ``language`` translation to ``translator``, due ``due_on``.

    Replaces the open assignment of the item and language, if any.
    """
    content_type = ContentType.objects.get_for_model(obj)
    assignment = (
        Assignment.objects.open()
        .select_for_update()
        .filter(content_type=content_type, object_id=obj.pk, language=language)
        .first()
    ) or Assignment(content_type=content_type, object_id=obj.pk, language=language)
    assignment.translator = translator
    assignment.due_on = due_on
    assignment.assigned_by = assigned_by
    assignment.full_clean()
    assignment.save()
    return assignment


def open_assignments(rows) -> dict[tuple[int, int, str], Assignment]:
    """The open assignment of each board row's item and language, one query."""
    content_types = ContentType.objects.get_for_models(*{type(row.obj) for row in rows})
    pairs = {(content_types[type(row.obj)].pk, row.obj.pk) for row in rows}
    if not pairs:
        return {}
    return {
        (a.content_type_id, a.object_id, a.language): a
        for a in Assignment.objects.open()
        .for_objects(pairs)
        .select_related("translator")
    }


def close_done(sender, instance, raw=False, **kwargs):
    """Close the open assignments of ``instance`` whose language is now done."""
    if raw:
        return
    from translations.status import statuses_for

    content_type = ContentType.objects.get_for_model(instance)
    waiting = list(
        Assignment.objects.open().filter(
            content_type=content_type, object_id=instance.pk
        )
    )
    if not waiting:
        return
    # A language with nothing to translate has no status: done too.
    todo = {status.language for status in statuses_for(instance) if status.todo}
    done = [a.pk for a in waiting if a.language not in todo]
    if done:
        Assignment.objects.filter(pk__in=done).update(done_at=timezone.now())


def connect() -> None:
    for item in registry.TRANSLATABLES:
        post_save.connect(
            close_done,
            sender=item.model,
            dispatch_uid=f"translations-assignments:{item.label}",
        )


# The translator's inbox panel (``editorial.inbox.Panel``'s arguments).


def _inbox_items(user):
    return (
        Assignment.objects.open()
        .filter(translator=user)
        # Overdue first: the earliest due date leads.
        .order_by("due_on", "pk")
        # One query per kind of item for the titles, whatever their number.
        .prefetch_related("item")
    )


def _inbox_when(assignment: Assignment):
    day = date_format(assignment.due_on, "DATE_FORMAT")
    if assignment.overdue:
        return _("overdue, was due {day}").format(day=day), None
    return _("due {day}").format(day=day), None


def _inbox_title(assignment: Assignment) -> str:
    item = assignment.item
    return _("{item} into {language}").format(
        item=item if item is not None else _("(deleted item)"),
        language=language_name(assignment.language),
    )


def _inbox_url(assignment: Assignment) -> str:
    return reverse(
        "admin:translations_translate",
        args=[assignment.content_type_id, assignment.object_id, assignment.language],
    )


def _board_url() -> str:
    return reverse("admin:translations_translationstatus_changelist")


def inbox_panel() -> dict:
    """The keyword arguments of the translators' inbox panel."""
    return {
        "key": "translation-assignments",
        "title": gettext_lazy("Translations assigned to me"),
        "shown_to": lambda user: bool(translator_languages(user)),
        "items": _inbox_items,
        "when": _inbox_when,
        "empty": gettext_lazy("No translation is assigned to you."),
        "order": 15,
        "see_all": _board_url,
        "url": _inbox_url,
        "title_of": _inbox_title,
    }
