"""Sign-ins, refused sign-ins, sign-outs and password changes, written to
the account events (``editorial.audit.account_event``) as Django and
``profiles`` report them.

What an administrator does to someone's account in the user admin (groups,
password) is recorded there (``editorial.accounts``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from editorial.audit import account_event
from editorial.models import AccountEvent
from profiles import signals as profile_signals

Action = AccountEvent.Action


def sessions_ended_detail(count: int) -> str:
    return ngettext("%(count)d session ended", "%(count)d sessions ended", count) % {
        "count": count
    }


@receiver(user_logged_in, dispatch_uid="editorial.audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    account_event(Action.SIGNED_IN, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="editorial.audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    if getattr(request, "sso_password_refused", False):
        return  # the single sign-on backend recorded why (sso.backends)
    field = get_user_model().USERNAME_FIELD
    username = str(credentials.get(field, ""))
    # An unknown name is kept as typed, with no account.
    user = get_user_model()._default_manager.filter(**{field: username}).first()
    locked = getattr(request, "axes_locked_out", False)
    account_event(
        Action.SIGN_IN_FAILED,
        user=user,
        username=username,
        request=request,
        detail=_("locked out after too many failures") if locked else "",
    )


@receiver(user_logged_out, dispatch_uid="editorial.audit_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        account_event(Action.SIGNED_OUT, user=user, request=request)


def record_password_change(*, user, request, sessions_ended: int, actor=None):
    """Record that ``user``'s password changed (by ``actor``, if someone
    else) and how many of their sessions ended with it."""
    account_event(Action.PASSWORD_CHANGED, user=user, actor=actor, request=request)
    account_event(
        Action.SESSIONS_ENDED,
        user=user,
        actor=actor,
        request=request,
        detail=sessions_ended_detail(sessions_ended),
    )


@receiver(profile_signals.password_changed, dispatch_uid="editorial.audit_password")
def _password_changed(sender, request, user, sessions_ended, **kwargs):
    record_password_change(user=user, request=request, sessions_ended=sessions_ended)


@receiver(profile_signals.other_sessions_ended, dispatch_uid="editorial.audit_sessions")
def _other_sessions_ended(sender, request, user, sessions_ended, **kwargs):
    account_event(
        Action.SESSIONS_ENDED,
        user=user,
        request=request,
        detail=sessions_ended_detail(sessions_ended),
    )
