"""Corrections and updates of live items: their marks and their completion.

- Every save or deletion of a correction keeps its item's
  ``corrected_at`` (the latest correction's time) in step: the item page
  shows "Updated …", the feeds move the item's update time and JSON-LD
  its ``dateModified`` from it.
- A correction written in one language marks the item's other languages
  outdated for translators (``translations.status.register_outdated``),
  with the note, until the correction is translated into them.
- Once the note is present in every language the publication policy
  requires (of those the item exists in), ``news.signals.correction_complete``
  is sent, once, after the commit; ``Correction.completed_at`` records it.
"""

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.signals import post_delete, post_save
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.i18n import language_codes
from news.models import Correction, PressRelease
from news.signals import correction_complete
from translations.policy import policy_for
from translations.registry import target_languages
from translations.status import FieldStatus, State, register_outdated


def required_languages(release: PressRelease, correction: Correction) -> list[str]:
    """The languages the correction must be in before it goes to subscribers.

    Those the publication policy requires (every language when it names
    none), among the languages the item is written in.
    """
    policy = policy_for(PressRelease)
    wanted = (policy.language_list() if policy else []) or language_codes()
    present = set(release.translated_languages()) | {correction.original_language}
    return [code for code in wanted if code in present]


def missing_languages(release: PressRelease, correction: Correction) -> list[str]:
    return [
        code
        for code in required_languages(release, correction)
        if not correction.text_in(code).strip()
    ]


def note_corrected(release_id: int) -> None:
    latest = Correction.objects.filter(release_id=release_id).aggregate(
        latest=Max("date")
    )["latest"]
    PressRelease.objects.filter(pk=release_id).update(corrected_at=latest)


def correction_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    note_corrected(instance.release_id)
    if instance.completed_at is not None:
        return
    release = PressRelease.objects.get(pk=instance.release_id)
    if missing_languages(release, instance):
        return
    now = timezone.now()
    # Claimed in the database: two saves at once send it once.
    claimed = Correction.objects.filter(
        pk=instance.pk, completed_at__isnull=True
    ).update(completed_at=now)
    if not claimed:
        return
    instance.completed_at = now
    pk = instance.pk

    def announce():
        correction = Correction.objects.select_related("release").filter(pk=pk).first()
        if correction is not None:
            correction_complete.send(sender=Correction, correction=correction)

    transaction.on_commit(announce)


def correction_deleted(sender, instance, **kwargs):
    note_corrected(instance.release_id)


def outdated_marks(releases: list) -> dict:
    """Each release language a correction still lacks: outdated, with the note."""
    pks = [release.pk for release in releases]
    untranslated = Q()
    for code in language_codes():
        untranslated |= Q(**{f"text_{code}": ""}) | Q(**{f"text_{code}__isnull": True})
    corrections = Correction.objects.filter(untranslated)
    if len(pks) < 500:
        corrections = corrections.filter(release_id__in=pks)
    by_release = {release.pk: release for release in releases}
    marks: dict = {}
    for correction in corrections.order_by("date", "pk"):
        release = by_release.get(correction.release_id)
        source = correction.text_in(correction.original_language)
        if release is None or not source.strip():
            continue
        label = _("%(type)s of %(date)s (a note to add)") % {
            "type": correction.get_type_display(),
            "date": formats.date_format(timezone.localtime(correction.date)),
        }
        present = release.translated_languages()
        for code in target_languages(release):
            if (
                code == correction.original_language
                or code not in present
                or correction.text_in(code).strip()
            ):
                continue
            marks.setdefault((release.pk, code), []).append(
                FieldStatus(
                    field=f"correction-{correction.pk}",
                    language=code,
                    state=State.OUTDATED,
                    source=source,
                    translation="",
                    verbose_name=label,
                    old_source="",
                    extra=True,
                )
            )
    return marks


def connect() -> None:
    post_save.connect(
        correction_saved, sender=Correction, dispatch_uid="news-correction-saved"
    )
    post_delete.connect(
        correction_deleted, sender=Correction, dispatch_uid="news-correction-deleted"
    )
    register_outdated(PressRelease, outdated_marks)
