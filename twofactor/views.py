"""The second-factor pages, in the admin's look: verify at sign-in, and each
person's "Sign-in security" page (devices, recovery codes)."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from twofactor import services
from twofactor.forms import AuthenticatorForm, ConfirmPasswordForm, VerifyForm

DEVICE_KINDS = {"authenticator": TOTPDevice, "passkey": WebAuthnCredential}


def safe_next(request) -> str:
    """The same-site path to go on to, or the admin's index."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return target
    return reverse("admin:index")


def render(request, template: str, title: str, **context):
    return TemplateResponse(
        request,
        template,
        {**admin.site.each_context(request), "title": title, **context},
    )


def verify(request):
    if services.is_verified(request):
        return redirect(safe_next(request))
    if not services.has_device(request.user):
        return redirect("twofactor:security")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.verify_code(request, form.cleaned_data["code"])
        if outcome.device is not None:
            recovery = services.recovery_device(request.user)
            if outcome.device == recovery and recovery.remaining() <= 2:
                messages.warning(
                    request,
                    _(
                        "You have {count} recovery codes left: make new ones "
                        "on your Sign-in security page."
                    ).format(count=recovery.remaining()),
                )
            return redirect(safe_next(request))
        form.add_error("code", outcome.error)
    return render(
        request,
        "admin/twofactor/verify.html",
        _("Second factor"),
        form=form,
        next=safe_next(request),
        has_passkey=services.has_passkey(request.user),
    )


def security(request):
    user = request.user
    required = services.second_factor_required(user)
    devices = [
        {
            "device": device,
            "kind": "authenticator" if isinstance(device, TOTPDevice) else "passkey",
        }
        for device in services.devices_of(user)
    ]
    if not devices and required and not services.is_verified(request):
        messages.warning(
            request,
            _(
                "Your role requires a second factor: add an authenticator app "
                "or a passkey to continue to the admin."
            ),
        )
    return render(
        request,
        "admin/twofactor/security.html",
        _("Sign-in security"),
        devices=devices,
        required=required,
        recovery=services.recovery_device(user),
        next=safe_next(request),
    )


def add_authenticator(request):
    device = services.pending_authenticator(request.user)
    form = AuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = services.enrol_authenticator(
            request,
            device=device,
            name=form.cleaned_data["name"],
            code=form.cleaned_data["code"],
        )
        if not error:
            messages.success(request, _("Your authenticator app was added."))
            if services.NEW_CODES_SESSION_KEY in request.session:
                return redirect(
                    reverse("twofactor:recovery-codes")
                    + "?"
                    + urlencode({"next": safe_next(request)})
                )
            return redirect(safe_next(request))
        form.add_error("code", error)
    import segno  # only on the enrolment page, not in every worker

    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "admin/twofactor/add_authenticator.html",
        _("Add an authenticator app"),
        form=form,
        qr_svg=qr.svg_inline(scale=4, title=_("QR code of the secret")),
        secret=services.secret_text(device),
        next=safe_next(request),
    )


def recovery_codes(request):
    if request.method == "POST":
        if not services.has_device(request.user):
            messages.error(request, _("Add an authenticator app or a passkey first."))
            return redirect("twofactor:security")
        services.make_recovery_codes(request=request)
        return redirect("twofactor:recovery-codes")
    codes = request.session.pop(services.NEW_CODES_SESSION_KEY, None)
    if not codes:
        # Shown once only: they are not kept in clear anywhere.
        return redirect("twofactor:security")
    return render(
        request,
        "admin/twofactor/recovery_codes.html",
        _("Your recovery codes"),
        codes=codes,
        next=safe_next(request),
    )


def remove_device(request, kind: str, pk: int):
    model = DEVICE_KINDS.get(kind)
    if model is None:
        raise Http404
    device = model.objects.filter(user=request.user, pk=pk, confirmed=True).first()
    if device is None:
        messages.error(request, _("That device is not one of yours, or is gone."))
        return redirect("twofactor:security")
    refused = services.removal_refused(request.user, device)
    if refused:
        messages.error(request, refused)
        return redirect("twofactor:security")
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.remove_device(request, device=device)
        messages.success(request, _("“{name}” was removed.").format(name=device.name))
        return redirect("twofactor:security")
    return render(
        request,
        "admin/twofactor/remove_device.html",
        _("Remove a device"),
        form=form,
        device=device,
    )
