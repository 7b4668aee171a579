"""The editorial audit trail: who published, unpublished or deleted what.

Each event goes to the admin's LogEntry table (shown in the object's
history) and to the ``iomsite.audit`` logger, which operators ship to
their log store. Refused attempts are logged as warnings.
"""

import logging

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger("iomsite.audit")

FLAGS = {"delete": DELETION}


def record(*, user, obj, action: str, detail: str = "", log_entry: bool = True) -> None:
    """Log ``action`` on ``obj`` by ``user`` once the transaction commits.

    ``log_entry=False`` when the admin writes its own (deletions).
    """
    user_id = getattr(user, "pk", None)
    username = getattr(user, "get_username", lambda: "-")()
    label = obj._meta.label
    pk, text = obj.pk, str(obj)[:200]
    message = f"{action} {detail}".strip()

    def write():
        if log_entry and user_id is not None:
            LogEntry.objects.create(
                user_id=user_id,
                content_type_id=ContentType.objects.get_for_model(type(obj)).pk,
                object_id=str(pk),
                object_repr=text,
                action_flag=FLAGS.get(action, CHANGE),
                change_message=message,
            )
        logger.info(
            "%s by %s: %s #%s “%s” %s", action, username, label, pk, text, detail
        )

    transaction.on_commit(write)


def refused(*, user, action: str, target: str) -> None:
    """Log an attempt the server refused (a hand-made request, say)."""
    username = getattr(user, "get_username", lambda: "-")()
    logger.warning("refused %s by %s: %s", action, username, target)


def require_permission(user, permission: str, *, action: str, target: str) -> None:
    """Refuse, and log the attempt, unless ``user`` holds ``permission``.

    The publication services call this, so a hand-made request cannot
    skip the check the admin makes.
    """
    if user and user.has_perm(permission):
        return
    refused(user=user, action=action, target=target)
    raise PermissionDenied(_("Only publishers may publish or unpublish."))


def account_event(
    action: str, *, user=None, username: str = "", actor=None, request=None, detail=""
) -> None:
    """Record a step in a staff account's life (``AccountEvent.Action``):
    in the account events administrators read and export, and in the
    ``iomsite.audit`` log. Written at once, not on commit: requests are not
    atomic here, so a refused attempt is recorded whatever its request does.
    """
    from editorial.models import AccountEvent

    if user is not None and not getattr(user, "pk", None):
        user = None
    name = username or (user.get_username() if user is not None else "")
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    AccountEvent.objects.create(
        action=action,
        user=user,
        username=name[:150],
        actor=actor if getattr(actor, "pk", None) else None,
        ip_address=address or None,
        detail=str(detail)[:500],
    )
    by = f" by {actor.get_username()}" if getattr(actor, "pk", None) else ""
    log = logger.warning if action.endswith(("failed", "refused")) else logger.info
    log("account %s: %s%s %s", action, name or "-", by, detail)
