"""django-otp-webauthn's ceremonies, recorded and bound to the admin.

Passkeys are a second factor here, never a sign-in on their own
(``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False``): the person has given
their password first.
"""

import json

from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.models import WebAuthnCredential

from editorial.audit import account_event
from editorial.models import AccountEvent
from twofactor import services
from twofactor.views import safe_next


class CompleteRegistration(views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        device = WebAuthnCredential.objects.get(
            pk=json.loads(response.content)["id"], user=self.request.user
        )
        services.name_passkey(device)
        had_codes = services.recovery_device(self.request.user) is not None
        services.enrolled(self.request, device)
        if had_codes:
            target = reverse("twofactor:security")
        else:
            target = reverse("twofactor:recovery-codes")
        return JsonResponse({"id": device.pk, "redirect_url": target})


class CompleteAuthentication(views.CompleteCredentialAuthenticationView):
    def check_device_usable(self, device):
        super().check_device_usable(device)
        # django-otp-webauthn refuses another person's passkey inside its
        # helper; checked again here so that a change there can never let one
        # person's passkey pass another's second factor.
        if device.user_id != self.request.user.pk:
            raise exceptions.CredentialUserMismatch()

    def complete_auth(self, device):
        services.mark_verified(self.request, device)

    def get_success_url(self):
        return safe_next(self.request)

    def handle_exception(self, exc):
        user = self.request.user
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and user.is_authenticated:
            account_event(
                AccountEvent.Action.SECOND_FACTOR_FAILED,
                user=user,
                request=self.request,
                detail=_("passkey: {reason}").format(reason=exc.code),
            )
        if getattr(exc, "code", "") == "invalid_authentication_response":
            # The library's text is English only and says nothing the person
            # can act on (the verify page shows it as it is).
            exc = exceptions.UnprocessableEntity(
                code=exc.code,
                detail=_(
                    "Your passkey's answer was not accepted: it was made for "
                    "another site or an earlier attempt. Try again, or type a "
                    "code below."
                ),
            )
        return super().handle_exception(exc)


app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        views.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
