"""Which content is translated, from which language, and its fingerprints.

The translated fields come from modeltranslation's registry (each app's
``translation.py``); slugs are left out because they are made from titles.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info
from modeltranslation.translator import translator

from iomsite.i18n import language_codes
from iomsite.richtext import RichTextField
from news.models import MediaContact, PressRelease, Topic
from organization.models import CountryOffice, Person, Post, Region, Unit
from pages.models import MenuItem, Page


@dataclass(frozen=True)
class Translatable:
    model: type[models.Model]
    # What the board needs to label a row without a query per row.
    select_related: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``app_label.modelname``, as used in contexts and URLs."""
        return self.model._meta.label_lower

    @property
    def fields(self) -> tuple[str, ...]:
        return tracked_fields(self.model)


# The board's order: what translators are asked for most comes first.
TRANSLATABLES = (
    Translatable(PressRelease),
    Translatable(Unit),
    Translatable(Post, select_related=("unit",)),
    Translatable(CountryOffice),
    Translatable(Topic),
    Translatable(MediaContact),
    Translatable(Page),
    Translatable(MenuItem),
    Translatable(Region),
    Translatable(Person),
)
BY_LABEL = {item.label: item for item in TRANSLATABLES}
BY_MODEL = {item.model: item for item in TRANSLATABLES}


def tracked_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The translated fields of ``model`` that a translator writes."""
    translated = translator.get_options_for_model(model).fields
    # In the model's order (the options keep no order of their own).
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if field.name in translated and not isinstance(field, models.SlugField)
    )


def is_rich_text(model: type[models.Model], field: str) -> bool:
    return isinstance(model._meta.get_field(field), RichTextField)


def source_language(obj: models.Model) -> str:
    """The language ``obj`` is written in: a release says so, others use the default."""
    language = getattr(obj, "original_language", "") or ""
    if language in language_codes():
        return language
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def target_languages(obj: models.Model) -> list[str]:
    source = source_language(obj)
    return [code for code in language_codes() if code != source]


def value(obj: models.Model, field: str, language: str) -> str:
    return getattr(obj, f"{field}_{language}", None) or ""


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
