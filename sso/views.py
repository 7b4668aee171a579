"""The two ends of the sign-on: off to the provider, and back.

mozilla-django-oidc's views, with the endpoints from the discovery document
and every refusal (a forged or replayed callback, a token that fails a
check, an address the site does not accept) turned into a message on the
admin's sign-in page and an account event, never an error page.
"""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from editorial.audit import account_event
from editorial.models import AccountEvent
from sso import conf, discovery
from sso.services import SignOnRefused

Action = AccountEvent.Action
# Read by the second-factor middleware (twofactor app): the provider
# applies its own second factor.
SESSION_KEY = "iomsite_sso"


def _provider_or_404():
    provider = conf.provider()
    if provider is None:
        raise Http404(_("Single sign-on is not configured."))
    return provider


class SignOnStartView(OIDCAuthenticationRequestView):
    def __init__(self, **kwargs):
        # Skip the library's constructor: it reads the endpoint from settings.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request):
        provider = _provider_or_404()
        try:
            document = discovery.endpoints(provider)
        except discovery.ProviderUnavailable:
            # The sign-in page says so (templates/admin/login.html).
            return HttpResponseRedirect(reverse("admin:login"))
        self.OIDC_OP_AUTH_ENDPOINT = document["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        return super().get(request)


class SignOnCallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self):
        return reverse("admin:login")

    @property
    def success_url(self):
        # The library checked "next" against the site's host when storing it.
        return self.request.session.pop("oidc_login_next", None) or reverse(
            "admin:index"
        )

    def get(self, request):
        self.provider = _provider_or_404()
        states = request.session.get("oidc_states", {})
        state = request.GET.get("state", "")
        if request.GET.get("error"):
            states.pop(state, None)
            request.session.modified = True
            # OAuth error codes are short words; anything else is not shown.
            error = request.GET["error"]
            if not re.fullmatch(r"[a-z_]{1,40}", error):
                error = "invalid_error"
            return self.refuse(
                SignOnRefused(
                    f"the provider answered {error!r}",
                    _(
                        "Your organisation's identity provider did not sign you "
                        "in ({error}). Try again, or ask your IT service."
                    ).format(error=error),
                )
            )
        if not request.GET.get("code") or state not in states:
            return self.refuse(
                SignOnRefused(
                    "unknown or used state",
                    _(
                        "This sign-in was not started here, or has already been "
                        "used. Start again with the organisation sign-in button."
                    ),
                )
            )
        try:
            return super().get(request)
        except SignOnRefused as refusal:
            return self.refuse(refusal)

    def login_success(self):
        response = super().login_success()
        self.request.session[SESSION_KEY] = self.provider.issuer
        account_event(
            Action.SSO_SIGNED_IN,
            user=self.user,
            request=self.request,
            detail=self.provider.issuer,
        )
        return response

    def login_failure(self):
        return self.refuse(
            SignOnRefused(
                "no account",
                _("The organisation sign-in did not succeed. Try again."),
            )
        )

    def refuse(self, refusal: SignOnRefused):
        account_event(
            Action.SSO_REFUSED,
            username=refusal.username,
            request=self.request,
            detail=refusal.reason,
        )
        messages.error(self.request, refusal.message)
        return HttpResponseRedirect(self.failure_url)
