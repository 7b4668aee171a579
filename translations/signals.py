"""Keep source fingerprints in step with every save of translated content.

Receivers rather than admin hooks: translations are written in the admin,
by the import, by services (``save_unit``) and by the demo loaders, and
each of those saves must record what its translations were made from.
The admin only says, through an attribute set on the instance before
saving, which languages an editor or translator declared current.
"""

from django.db.models.signals import post_delete, post_save

from translations import services
from translations.registry import TRANSLATABLES


def record_fingerprints(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh = getattr(instance, services.REFRESH_ATTRIBUTE, ())
    services.sync_fingerprints(obj=instance, refresh=refresh)
    if refresh:
        setattr(instance, services.REFRESH_ATTRIBUTE, ())


def forget_fingerprints(sender, instance, **kwargs):
    services.forget_fingerprints(obj=instance)


def connect() -> None:
    for item in TRANSLATABLES:
        uid = f"translations:{item.label}"
        post_save.connect(record_fingerprints, sender=item.model, dispatch_uid=uid)
        post_delete.connect(forget_fingerprints, sender=item.model, dispatch_uid=uid)
