"""What the second-factor pages do: enrol, verify, remove, reset.

Every step is recorded as an account event (``editorial.audit``).
"""

from base64 import b32encode
from dataclasses import dataclass

import django_otp
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from editorial.audit import account_event
from editorial.models import AccountEvent
from twofactor.models import RecoveryCodeDevice, SecondFactorPolicy

Action = AccountEvent.Action
# Set by the sso app when a session signed in through the identity
# provider, which applies its own second factor.
SSO_SESSION_KEY = "iomsite_sso"
# Recovery codes waiting to be shown, once, on the next page.
NEW_CODES_SESSION_KEY = "twofactor_new_codes"


def second_factor_required(user) -> bool:
    """Superusers, and members of a group whose policy requires one."""
    if user.is_superuser:
        return True
    return SecondFactorPolicy.objects.required().filter(group__user=user).exists()


def devices_of(user) -> list[Device]:
    """The person's confirmed authenticator apps and passkeys."""
    return [
        *TOTPDevice.objects.devices_for_user(user, confirmed=True),
        *WebAuthnCredential.objects.devices_for_user(user, confirmed=True),
    ]


def has_device(user) -> bool:
    # Recovery codes alone are not a device: they stand in for a lost one.
    return (
        TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
        or WebAuthnCredential.objects.devices_for_user(user, confirmed=True).exists()
    )


def has_passkey(user) -> bool:
    return WebAuthnCredential.objects.devices_for_user(user, confirmed=True).exists()


def recovery_device(user) -> RecoveryCodeDevice | None:
    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()


def is_verified(request) -> bool:
    """Whether this session has passed a second factor (or single sign-on)."""
    return bool(request.session.get(SSO_SESSION_KEY)) or request.user.is_verified()


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator app being set up: a secret not yet confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False
        )
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it typed in."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def mark_verified(request, device: Device, *, detail: str = "") -> None:
    """Mark this session as having passed ``device``.

    The key stays: Django gave the session a new one at the password, and
    the list of a person's sessions (``profiles.sessions``) follows it.
    """
    django_otp.login(request, device)
    account_event(
        Action.SECOND_FACTOR_PASSED,
        user=request.user,
        request=request,
        detail=detail or device.name,
    )


@dataclass
class Outcome:
    device: Device | None = None
    error: str = ""


def _throttled(device) -> str:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return ""
    until = details.get("locked_until") if details else None
    if until:
        return _("Too many wrong codes. Wait until {time} and try again.").format(
            time=formats.time_format(timezone.localtime(until), "H:i:s")
        )
    return _("Too many wrong codes. Wait a moment and try again.")


@transaction.atomic
def check_code(*, user, code: str) -> Outcome:
    """Try ``code`` as an authenticator-app code, then as a recovery code."""
    code = "".join(code.split())
    if code.isdigit() and len(code) <= 8:
        apps = list(
            TOTPDevice.objects.devices_for_user(
                user, confirmed=True
            ).select_for_update()
        )
        if not apps:
            return Outcome(
                error=_(
                    "You have no authenticator app: use a recovery code or your passkey."
                )
            )
        for device in apps:
            if waiting := _throttled(device):
                return Outcome(error=waiting)
        for device in apps:
            if device.verify_token(code):
                return Outcome(device=device)
        return Outcome(
            error=_(
                "That code is wrong, has expired or was already used. Wait for "
                "the next code in your authenticator app and type it."
            )
        )
    device = (
        RecoveryCodeDevice.objects.select_for_update()
        .filter(user=user, confirmed=True)
        .first()
    )
    if device is None:
        return Outcome(error=_("Type the 6-digit code from your authenticator app."))
    if waiting := _throttled(device):
        return Outcome(error=waiting)
    if device.verify_token(code):
        return Outcome(device=device)
    if device.was_used(code):
        return Outcome(error=_("That recovery code was already used: each works once."))
    return Outcome(
        error=_(
            "That is neither a current authenticator code nor one of your "
            "recovery codes."
        )
    )


def verify_code(request, code: str) -> Outcome:
    """Check a code typed on the verify page, and record the outcome."""
    outcome = check_code(user=request.user, code=code)
    if outcome.device is None:
        account_event(
            Action.SECOND_FACTOR_FAILED,
            user=request.user,
            request=request,
            detail=outcome.error,
        )
        return outcome
    if isinstance(outcome.device, RecoveryCodeDevice):
        account_event(
            Action.RECOVERY_CODE_USED,
            user=request.user,
            request=request,
            detail=_("{count} left").format(count=outcome.device.remaining()),
        )
    mark_verified(request, outcome.device)
    return outcome


def make_recovery_codes(*, request) -> list[str]:
    """Void the person's recovery codes and make new ones, kept to show once."""
    with transaction.atomic():
        device, _created = RecoveryCodeDevice.objects.get_or_create(
            user=request.user,
            defaults={"name": _("Recovery codes"), "confirmed": True},
        )
        codes = device.replace_codes()
    account_event(Action.RECOVERY_CODES_MADE, user=request.user, request=request)
    request.session[NEW_CODES_SESSION_KEY] = codes
    return codes


def enrolled(request, device: Device) -> None:
    """Record a new device; the first one also brings recovery codes."""
    account_event(
        Action.DEVICE_ENROLLED, user=request.user, request=request, detail=device.name
    )
    if not is_verified(request):
        # Setting up the device proved possession of it.
        mark_verified(request, device)
    if recovery_device(request.user) is None:
        make_recovery_codes(request=request)


def enrol_authenticator(request, *, device: TOTPDevice, name: str, code: str) -> str:
    """Confirm the pending authenticator app with a code it shows; return an
    error message, or "" once it is enrolled."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if waiting := _throttled(device):
            return waiting
        if not device.verify_token("".join(code.split())):
            error = _(
                "That code does not match. Check the time on your phone and "
                "type the code the app shows now."
            )
            account_event(
                Action.SECOND_FACTOR_FAILED,
                user=request.user,
                request=request,
                detail=_("enrolment of an authenticator app"),
            )
            return error
        device.name = name
        device.confirmed = True
        device.save(update_fields=["name", "confirmed"])
    enrolled(request, device)
    return ""


def name_passkey(device: WebAuthnCredential) -> None:
    count = WebAuthnCredential.objects.filter(user_id=device.user_id).count()
    device.name = _("Passkey {number}").format(number=count)
    device.save(update_fields=["name"])


def removal_refused(user, device: Device) -> str:
    """Why ``device`` may not be removed, or "" when it may."""
    others = [each for each in devices_of(user) if each != device]
    if not others and second_factor_required(user):
        return _(
            "This is your last device and your role requires a second factor: "
            "add another one before removing it."
        )
    return ""


@transaction.atomic
def remove_device(request, *, device: Device) -> None:
    """Remove one of the person's devices (and recovery codes with the last)."""
    name = device.name
    device.delete()
    if not has_device(request.user):
        RecoveryCodeDevice.objects.filter(user=request.user).delete()
    account_event(
        Action.DEVICE_REMOVED, user=request.user, request=request, detail=name
    )


def reset_devices(*, user, actor, request=None) -> int:
    """Remove every device and recovery code of ``user`` (who lost them all)
    and end their sessions; return how many devices went."""
    from profiles.sessions import end_sessions

    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, WebAuthnCredential, RecoveryCodeDevice):
            removed += (
                model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
            )
    ended = end_sessions(user, keep_session_key=None)
    account_event(
        Action.DEVICES_RESET,
        user=user,
        actor=actor,
        request=request,
        detail=_("{devices} devices removed, {sessions} sessions ended").format(
            devices=removed, sessions=ended
        ),
    )
    return removed
