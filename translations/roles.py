"""Translator roles: a group per language grants ``translations.translate_<code>``."""

from core.i18n import language_codes

GROUP_NAMES = {
    "en": "Translator (English)",
    "fr": "Translator (French)",
    "es": "Translator (Spanish)",
}


def translation_permission(language: str) -> str:
    return f"translations.translate_{language}"


def translator_languages(user) -> list[str]:
    """The languages ``user`` may translate into (every one for superusers)."""
    if not user or not user.is_active:
        return []
    return [
        code for code in language_codes() if user.has_perm(translation_permission(code))
    ]


def is_translator_only(user, model) -> bool:
    """Whether ``user``'s only right on ``model`` is translating it.

    Translator groups grant view and change but never add: a user who
    may add the model is an editor (who may also translate) and keeps
    the full form.
    """
    if not user or user.is_superuser:
        return False
    opts = model._meta
    return bool(translator_languages(user)) and not user.has_perm(
        f"{opts.app_label}.add_{opts.model_name}"
    )
