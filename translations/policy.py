"""The publication policy: may a release go live before its translations?"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.i18n import language_codes
from translations.models import PublicationMode, PublicationPolicy
from translations.registry import language_name
from translations.status import State, statuses_for


def policy_for(model) -> PublicationPolicy | None:
    content_type = ContentType.objects.get_for_model(model)
    return PublicationPolicy.objects.filter(content_type=content_type).first()


def blocking_languages(obj) -> dict[str, str]:
    """The required languages not complete and current: code -> state."""
    policy = policy_for(type(obj))
    if policy is None or policy.mode != PublicationMode.TOGETHER:
        return {}
    required = policy.language_list() or language_codes()
    complete = set(obj.translated_languages())
    # Marks other content puts on it (an untranslated correction) do not
    # hold back publication: they are translated once the item is live.
    states = {
        status.language: status.state for status in statuses_for(obj, extras=False)
    }
    blocking = {}
    for code in required:
        if code not in complete:
            blocking[code] = State.MISSING
        elif states.get(code, State.DONE) != State.DONE:
            blocking[code] = states[code]
    return blocking


def check_publication_policy(obj) -> None:
    """Raise ValidationError naming the languages that keep ``obj`` offline."""
    blocking = blocking_languages(obj)
    if not blocking:
        return
    names = [
        _("{language} ({state})").format(
            language=language_name(code), state=State(state).label
        )
        for code, state in blocking.items()
    ]
    raise ValidationError(
        _(
            "“{object}” waits for its translations (all required languages "
            "are published together): {languages}."
        ).format(
            object=obj,
            languages=", ".join(names),
        )
    )
