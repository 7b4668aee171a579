"""Checked images that survive a form sent back with errors.

Browsers never fill a file input in again: an editor who chose a lead image
and then forgot a summary would have to find the file once more. When an
admin form with a checked image field (``core.images.CheckedImageFormField``)
comes back with errors, the image that passed its checks is kept in storage
(``pending/``) for the person and the form (model and object); the form
says "Image kept: …", offers to drop it, and the next valid submit uses it
without a new upload.

The form carries a signed, timestamped token naming the person, the form,
the field and the stored file: a token that is not the person's own, for
that form and field, or is over a day old, is refused with an error and
never opens anyone's file. No database row is kept: the form may be
re-shown inside a transaction that is then rolled back (drafts of live
content, ``editorial.admin``), and a row would go with it while the file
stayed. Kept files are deleted once used, and any over a day old by
``clean_pending_uploads`` (and now and then as forms are refused).
"""

import copy
import logging
import os
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.core import signing
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.images import CheckedImageFormField, new_name
from core.storage import STORAGE_ERRORS

logger = logging.getLogger(__name__)

MAX_AGE = timedelta(days=1)
FOLDER = "pending"
SALT = "core.pending_uploads"
# Posted next to the file input ``<name>``: the kept upload's token and the
# box that drops it.
KEPT_SUFFIX = "-kept"
DROP_SUFFIX = "-kept-drop"
# Shown names are the person's own file names: long ones are cut.
SHOWN_NAME_LENGTH = 120


@dataclass(frozen=True)
class KeptUpload:
    token: str
    # Where the checked file is stored, and the name the person gave it.
    name: str
    original_name: str


def form_key(opts, obj) -> str:
    """Which form an upload was chosen in: the model and the object."""
    return f"{opts.label_lower}:{obj.pk if obj is not None else 'add'}"


def keep(
    *, user, form_key: str, field_name: str, content: bytes, extension: str, name: str
) -> KeptUpload:
    """Store checked ``content`` for ``user``'s next submit of the form."""
    remove_expired()  # now and then is enough: this runs on refused forms
    stored = default_storage.save(
        new_name(FOLDER, extension.lstrip(".") or "bin"), ContentFile(content)
    )
    original = os.path.basename(name or "")[:SHOWN_NAME_LENGTH] or stored
    token = signing.dumps(
        {"u": user.pk, "f": form_key, "n": field_name, "p": stored, "o": original},
        salt=SALT,
        compress=True,
    )
    return KeptUpload(token=token, name=stored, original_name=original)


def find(*, token: str, user, form_key: str, field_name: str) -> KeptUpload | None:
    """``user``'s kept upload for this form and field, if still there."""
    if not token or user is None or not user.is_authenticated:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # forged, altered or expired
        return None
    if not isinstance(data, dict) or (
        data.get("u"),
        data.get("f"),
        data.get("n"),
    ) != (user.pk, form_key, field_name):
        return None
    stored = data.get("p")
    if not isinstance(stored, str) or not stored.startswith(f"{FOLDER}/"):
        return None
    try:
        if not default_storage.exists(stored):
            return None
    except STORAGE_ERRORS:
        return None
    return KeptUpload(token=token, name=stored, original_name=str(data.get("o", "")))


def discard(kept: KeptUpload) -> None:
    """Delete a kept upload once the transaction commits."""
    transaction.on_commit(lambda: _delete_file(kept.name))


def remove_expired(*, now=None, dry_run: bool = False) -> int:
    """Delete the kept uploads over a day old; return how many."""
    now = now or timezone.now()
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    except STORAGE_ERRORS:
        logger.warning("could not list kept uploads", exc_info=True)
        return 0
    expired = []
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        try:
            if default_storage.get_modified_time(name) <= now - MAX_AGE:
                expired.append(name)
        except STORAGE_ERRORS:
            continue  # gone meanwhile, or unreadable: the next run sees it
    if not dry_run:
        for name in expired:
            _delete_file(name)
    return len(expired)


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except STORAGE_ERRORS:
        # A kept file left behind holds a scrubbed image under a random
        # name; the next clean-up tries again.
        logger.warning("could not delete kept upload %s", name, exc_info=True)


class KeptUploadWidget:
    """Mixed into a file input: shows the kept upload and hands it over.

    ``kept`` is the ``KeptUpload`` shown (set by ``KeepsUploadsForm``).
    With no new file chosen, the kept one is the field's value.
    """

    kept: KeptUpload | None = None
    kept_object = ""
    _kept_file: File | None = None

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is None and self.kept is not None:
            return self.kept_file()
        return upload

    def kept_file(self) -> File:
        if self._kept_file is None:
            with default_storage.open(self.kept.name, "rb") as handle:
                content = handle.read()
            self._kept_file = ContentFile(content, name=self.kept.original_name)
        self._kept_file.seek(0)
        return self._kept_file

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.kept is None:
            return html
        drop_id = f"{(attrs or {}).get('id') or name}_kept_drop"
        return html + format_html(
            '<div class="kept-upload" data-kept-upload role="status">'
            '<input type="hidden" name="{}" value="{}">'
            "<p>{}</p>"
            '<label for="{}"><input type="checkbox" name="{}" id="{}" value="1"> '
            "{}</label></div>",
            name + KEPT_SUFFIX,
            self.kept.token,
            format_html(
                gettext("Image kept: {name} — it will be saved with the {object}."),
                name=format_html("<strong>{}</strong>", self.kept.original_name),
                object=self.kept_object,
            ),
            drop_id,
            name + DROP_SUFFIX,
            drop_id,
            gettext("Drop this image"),
        )


_kept_classes: dict[type, type] = {}


def _kept_widget(widget: forms.FileInput) -> forms.FileInput:
    cls = type(widget)
    if cls not in _kept_classes:
        _kept_classes[cls] = type(f"Kept{cls.__name__}", (KeptUploadWidget, cls), {})
    kept = copy.copy(widget)
    kept.__class__ = _kept_classes[cls]
    return kept


class KeepsUploadsForm:
    """Mixed into a ModelForm by ``PendingUploadAdminMixin.get_form``."""

    # Set on the class per request.
    kept_user = None
    kept_form_key = ""
    kept_object = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_refused: list[str] = []
        for name, field in self.fields.items():
            if not isinstance(field, CheckedImageFormField) or not isinstance(
                field.widget, forms.FileInput
            ):
                continue
            field.widget = widget = _kept_widget(field.widget)
            widget.kept_object = self.kept_object
            if not self.is_bound:
                continue
            html_name = self.add_prefix(name)
            token = self.data.get(html_name + KEPT_SUFFIX)
            if not token:
                continue
            pending = find(
                token=token,
                user=self.kept_user,
                form_key=self.kept_form_key,
                field_name=name,
            )
            if self.data.get(html_name + DROP_SUFFIX):
                if pending is not None:
                    discard(pending)
            elif pending is None:
                self.kept_refused.append(name)
            else:
                widget.kept = pending

    def clean(self):
        cleaned = super().clean()
        for name in self.kept_refused:
            # A new file makes the old one moot.
            if self.add_prefix(name) not in self.files:
                self.add_error(
                    name,
                    _(
                        "The image kept from your last try could not be used "
                        "(it is over a day old or is not yours): choose the "
                        "file again."
                    ),
                )
        return cleaned

    def _kept_widgets(self):
        for name, field in self.fields.items():
            if isinstance(field.widget, KeptUploadWidget):
                yield name, field.widget

    def keep_uploads(self) -> None:
        """Keep each new image that passed its checks: the form came back."""
        for name, widget in self._kept_widgets():
            upload = self.files.get(self.add_prefix(name))
            value = getattr(self, "cleaned_data", {}).get(name)
            if upload is None or name in self.errors or not isinstance(value, File):
                continue  # nothing new, or refused: a kept one stays shown
            value.seek(0)
            try:
                pending = keep(
                    user=self.kept_user,
                    form_key=self.kept_form_key,
                    field_name=name,
                    content=value.read(),
                    extension=os.path.splitext(value.name or "")[1],
                    name=upload.name,
                )
            except STORAGE_ERRORS:
                logger.exception("could not keep the upload of %s", name)
                continue
            if widget.kept is not None:
                discard(widget.kept)
            widget.kept, widget._kept_file = pending, None

    def discard_kept(self) -> None:
        """The form was saved: the kept uploads have done their job."""
        for _name, widget in self._kept_widgets():
            if widget.kept is not None:
                discard(widget.kept)
                widget.kept = None


class PendingUploadAdminMixin:
    """Checked images chosen in a change form survive its errors."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not any(
            isinstance(field, CheckedImageFormField)
            for field in form.base_fields.values()
        ):
            return form
        return type(
            form.__name__,
            (KeepsUploadsForm, form),
            {
                "kept_user": request.user,
                "kept_form_key": form_key(self.opts, obj),
                "kept_object": self.opts.verbose_name,
            },
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        form = context["adminform"].form
        if request.method == "POST" and isinstance(form, KeepsUploadsForm):
            form.keep_uploads()
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if isinstance(form, KeepsUploadsForm):
            form.discard_kept()
