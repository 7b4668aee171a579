from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def queue_distribution(sender, instance, **kwargs):
    """Once the save is committed, queue the release's send: at once, or at
    its publication time when that is to come (no write happens then)."""
    from news.models import Status
    from press.delivery import is_recent
    from press.tasks import distribute

    if instance.status != Status.PUBLISHED or not is_recent(instance):
        return
    release_id, at = instance.pk, instance.published_at

    def enqueue():
        from django.utils import timezone

        task = distribute.using(run_after=at) if at > timezone.now() else distribute
        task.enqueue(release_id)

    transaction.on_commit(enqueue)


def queue_correction(sender, correction, **kwargs):
    """Send a correction complete in every required language to those who
    received its item (the signal comes after the commit)."""
    from press.tasks import send_correction

    correction_id = correction.pk
    transaction.on_commit(lambda: send_correction.enqueue(correction_id))


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Press office distribution")

    def ready(self):
        from news.models import Correction, PressRelease
        from news.signals import correction_complete
        from press import webhooks  # noqa: F401 - connects the receivers

        correction_complete.connect(
            queue_correction,
            sender=Correction,
            dispatch_uid="press_queue_correction",
        )
        post_save.connect(
            queue_distribution,
            sender=PressRelease,
            dispatch_uid="press_queue_distribution",
        )
