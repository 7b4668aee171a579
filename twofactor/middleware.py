"""Staff pass their second factor before the admin opens (after django-otp's
OTPMiddleware, which tells whether this session has).

- A person with a device whose session has not used it goes to the verify
  page.
- A person without one whose role requires it goes to the enrolment page,
  and nothing else in the admin opens until they have enrolled.
- A session signed in through single sign-on counts as verified: the
  identity provider applies its own second factor.
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse

from core.middleware import in_admin
from twofactor import services


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect_for(request)
        return redirect or self.get_response(request)

    def redirect_for(self, request):
        if not in_admin(request):
            return None
        path = request.path
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return None  # the admin's own sign-in page deals with them
        if services.is_verified(request):
            return None
        open_to_all = [
            reverse("admin:logout"),
            reverse("admin:jsi18n"),
            reverse("otp_webauthn:js-i18n-catalog"),
        ]
        if path in open_to_all:
            return None
        if services.has_device(user):
            verification = [
                reverse("twofactor:verify"),
                reverse("otp_webauthn:credential-authentication-begin"),
                reverse("otp_webauthn:credential-authentication-complete"),
            ]
            if path in verification:
                return None
            return self.send_to("twofactor:verify", path, request)
        if not services.second_factor_required(user):
            return None
        enrolment = [
            reverse("twofactor:security"),
            reverse("twofactor:add-authenticator"),
            reverse("twofactor:recovery-codes"),
            reverse("otp_webauthn:credential-registration-begin"),
            reverse("otp_webauthn:credential-registration-complete"),
        ]
        if path in enrolment:
            return None
        return self.send_to("twofactor:security", path, request)

    @staticmethod
    def send_to(name: str, path: str, request):
        target = reverse(name)
        if request.method == "GET" and path != target:
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
