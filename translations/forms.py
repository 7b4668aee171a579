from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from translations.exchange import MAX_FILE_SIZE, check_size
from translations.registry import TRANSLATABLES


def model_choices():
    return [("", _("Every kind of content"))] + [
        (item.label, item.model._meta.verbose_name_plural) for item in TRANSLATABLES
    ]


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)
    model = forms.ChoiceField(label=_("content"), choices=model_choices, required=False)
    format = forms.ChoiceField(
        label=_("format"),
        choices=[
            ("po", _("PO (Poedit, Weblate, most CAT tools)")),
            ("xliff", _("XLIFF 1.2 (OmegaT, memoQ, Trados)")),
            (
                "xliff2",
                _(
                    "XLIFF 2.1, one unit per paragraph, with inline codes and "
                    "memory matches"
                ),
            ),
        ],
        initial="po",
    )
    ids = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if languages is not None:
            self.fields["language"].choices = [
                (code, name) for code, name in settings.LANGUAGES if code in languages
            ]

    def clean_ids(self):
        raw = self.cleaned_data.get("ids", "")
        ids = [part for part in raw.split(",") if part.strip()]
        if not all(part.strip().isdigit() for part in ids):
            raise forms.ValidationError(_("Choose objects from a list."))
        return [int(part) for part in ids] or None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("translated file"),
        help_text=_(
            "A PO, XLIFF 1.2 or XLIFF 2.1 file exported here, at most {size} MB."
        ).format(size=MAX_FILE_SIZE // 1024 // 1024),
    )
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)
    dry_run = forms.BooleanField(
        label=_("check only"),
        required=False,
        help_text=_("Report what would change without changing anything."),
    )

    def __init__(self, *args, languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if languages is not None:
            self.fields["language"].choices = [
                (code, name) for code, name in settings.LANGUAGES if code in languages
            ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused on the size the upload declares, before reading it.
        too_big = check_size(upload.size)
        if too_big:
            raise forms.ValidationError(too_big)
        return upload
