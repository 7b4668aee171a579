"""Sign-in through the organisation's identity provider (OpenID Connect).

mozilla-django-oidc runs the code flow: it checks the state, sends the
PKCE verifier, checks the ID token's signature against the provider's
JWKS and its nonce. It does not check the token's issuer or audience, and
accepts a token without an expiry; ``verify_token`` below does all of it.
A failed check raises ``SignOnRefused``, which the callback view turns
into a message on the sign-in page.

With single sign-on on, the password sign-in is kept for superusers only
(the emergency administrators): anyone else is told to use the button.
"""

import logging

import jwt
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from editorial.audit import account_event
from editorial.models import AccountEvent
from sso import conf, discovery
from sso.services import SignOnRefused, account_for_claims

logger = logging.getLogger("iomsite.sso")

# Clock difference tolerated between the site and the provider, in seconds.
LEEWAY = 30
ALGORITHM = "RS256"


def unverifiable(reason: str) -> SignOnRefused:
    return SignOnRefused(
        reason,
        _(
            "The answer from your organisation's identity provider could not "
            "be verified, so you were not signed in. Try again; if it happens "
            "again, tell the site's administrators."
        ),
    )


class SignOnBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Django builds a backend for every sign-in, password ones included:
        # the library's constructor reads endpoint settings, which come from
        # the discovery document here, fetched only when a sign-on needs it.
        self.UserModel = get_user_model()
        self.OIDC_RP_SIGN_ALGO = ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None

    # The library's get_user lets deactivated accounts keep their session.
    get_user = ModelBackend.get_user

    def authenticate(self, request, username=None, password=None, **kwargs):
        provider = conf.provider()
        if provider is None or request is None:
            return None
        if username is not None or password is not None:
            self.keep_password_for_superusers(request, username, password)
            return None
        if "nonce" not in kwargs:
            return None  # only the callback view signs on
        self.provider = provider
        try:
            document = discovery.endpoints(provider)
        except discovery.ProviderUnavailable as exc:
            raise SignOnRefused(str(exc), unavailable_message()) from exc
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            raise unverifiable(f"the provider refused a request: {exc}") from exc
        except requests.RequestException as exc:
            raise SignOnRefused(
                f"the provider did not answer: {exc}", unavailable_message()
            ) from exc

    def keep_password_for_superusers(self, request, username, password) -> None:
        """Refuse a right password of anyone but a superuser (a wrong one
        fails as usual, so the answer tells nothing about the account)."""
        try:
            user = self.UserModel._default_manager.get_by_natural_key(username)
        except self.UserModel.DoesNotExist:
            return
        if user.is_superuser or not user.check_password(password):
            return
        # Read by templates/admin/login.html, which explains.
        request.sso_password_refused = True
        account_event(
            AccountEvent.Action.SIGN_IN_FAILED,
            user=user,
            request=request,
            detail="password sign-in refused: single sign-on is on",
        )
        raise PermissionDenied

    def verify_token(self, token, **kwargs):
        """Check the signature, issuer, audience, expiry and nonce."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise unverifiable(f"unreadable token: {exc}") from exc
        algorithm = header.get("alg")
        if algorithm != ALGORITHM:
            raise unverifiable(f"token signed with {algorithm!r}")
        try:
            key = self.retrieve_matching_jwk(token)
        except (KeyError, SuspiciousOperation, jwt.PyJWTError) as exc:
            raise unverifiable("token signed with a key the JWKS lacks") from exc
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise unverifiable("token expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise unverifiable("token for another audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise unverifiable("token from another issuer") from exc
        except jwt.InvalidSignatureError as exc:
            raise unverifiable("bad token signature") from exc
        except jwt.PyJWTError as exc:
            raise unverifiable(f"invalid token: {exc}") from exc
        audiences = payload["aud"] if isinstance(payload["aud"], list) else []
        if len(audiences) > 1 and payload.get("azp") != self.provider.client_id:
            raise unverifiable("token authorised for another party")
        if "nonce" in kwargs and payload.get("nonce") != kwargs["nonce"]:
            raise unverifiable("token nonce does not match")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        return super().get_userinfo(access_token, id_token, payload)

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo and userinfo.get("sub") != payload["sub"]:
            # OpenID Connect Core 5.3.4: else the answer may be substituted.
            raise unverifiable("userinfo is about another subject")
        claims = {**payload, **userinfo}
        return account_for_claims(
            provider=self.provider, claims=claims, request=self.request
        )


def unavailable_message() -> str:
    return _(
        "The organisation sign-in is unavailable: its identity provider "
        "cannot be reached. Try again later; emergency administrators can "
        "sign in with their password."
    )
