"""Which content is translated, from which language, and its fingerprints.

The translated fields come from modeltranslation's registry (each app's
``translation.py``); slugs are left out because they are made from titles.
A model is on the translators' board when its translation options say
where (``board_order``, lowest first, and ``board_select_related``, what a
board row needs to be labelled without a query of its own); models
without it (a release's dateline places) are translated with their parent.

The board opens on the day's work, live items first and newest first: an
app says what that means for its model in the same options, as plain
functions of an object (``board_live(obj)``, ``board_date(obj)``,
``board_kind(obj)``, the kind's label); without them an item counts as
live, undated, and of the model's kind.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info
from modeltranslation.translator import translator

from core.i18n import language_codes
from core.richtext import RichTextField


@dataclass(frozen=True)
class Translatable:
    model: type[models.Model]
    # What the board needs to label a row without a query per row.
    select_related: tuple[str, ...] = ()
    live: Callable | None = None
    date: Callable | None = None
    kind: Callable | None = None

    def is_live(self, obj) -> bool:
        return True if self.live is None else bool(self.live(obj))

    def date_of(self, obj):
        return None if self.date is None else self.date(obj)

    def kind_of(self, obj) -> str:
        if self.kind is not None:
            return str(self.kind(obj))
        return str(self.model._meta.verbose_name)

    @property
    def label(self) -> str:
        """``app_label.modelname``, as used in contexts and URLs."""
        return self.model._meta.label_lower

    @property
    def fields(self) -> tuple[str, ...]:
        return tracked_fields(self.model)


@cache
def _registry() -> dict:
    registered = []
    for model in translator.get_registered_models():
        options = translator.get_options_for_model(model)
        order = getattr(options, "board_order", None)
        if order is not None:
            select = tuple(getattr(options, "board_select_related", ()))
            # Read on the class: a plain function there stays unbound.
            hooks = {
                name: getattr(type(options), f"board_{name}", None)
                for name in ("live", "date", "kind")
            }
            registered.append(
                (order, Translatable(model, select_related=select, **hooks))
            )
    translatables = tuple(item for _order, item in sorted(registered, key=_first))
    return {
        "TRANSLATABLES": translatables,
        "BY_LABEL": {item.label: item for item in translatables},
        "BY_MODEL": {item.model: item for item in translatables},
    }


def _first(pair):
    return pair[0]


def __getattr__(name: str):
    # TRANSLATABLES (in board order), BY_LABEL and BY_MODEL are read from
    # modeltranslation's registry once every app's translation.py has run.
    if name in ("TRANSLATABLES", "BY_LABEL", "BY_MODEL"):
        return _registry()[name]
    raise AttributeError(name)


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
