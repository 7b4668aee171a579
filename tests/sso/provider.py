"""A small, real OpenID Connect provider for the tests.

It speaks HTTP on a free port of 127.0.0.1 from a thread: a discovery
document, ``/authorize`` (approves at once the person it is told to sign
in and sends the browser back with a code and the state), ``/token``
(checks the code, the client's id and secret and the PKCE verifier, and
answers with an RS256 ID token carrying the nonce), ``/jwks`` and
``/userinfo``. Keys and tokens come from joserfc (Authlib's JOSE library).

A test makes it misbehave through ``provider.misbehave`` (a set of
names, see ``FAULTS``), as a forged or broken provider would.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

FAULTS = {
    "wrong_issuer": "the ID token names another issuer",
    "wrong_audience": "the ID token is for another client",
    "expired": "the ID token expired ten minutes ago",
    "wrong_nonce": "the ID token carries another nonce",
    "other_key": "the ID token is signed with a key the JWKS lacks",
    "forged_signature": "the ID token is signed with another key under the published kid",
    "no_expiry": "the ID token has no exp claim",
    "other_subject": "userinfo describes another subject",
    "deny": "/authorize answers error=access_denied",
    "discovery_down": "the discovery document answers 503",
}


class Provider:
    client_id = "iomsite-tests"
    client_secret = "a-secret-for-tests-only"

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "site-key"})
        self.stranger_key = RSAKey.generate_key(2048, parameters={"kid": "other-key"})
        self.forger_key = RSAKey.generate_key(2048, parameters={"kid": "site-key"})
        self.person = {}
        self.misbehave: set[str] = set()
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Provider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sign_in_as(self, email: str, **claims) -> None:
        """Who /authorize approves next, with which claims."""
        self.person = {
            "sub": "sub-" + hashlib.sha256(email.encode()).hexdigest()[:16],
            "email": email,
            "email_verified": True,
            "name": email.split("@")[0].title(),
            **claims,
        }

    @property
    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "userinfo_endpoint": self.issuer + "/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def id_token(self, claims: dict, nonce: str) -> str:
        now = int(time.time())
        payload = {
            **claims,
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        }
        if "wrong_issuer" in self.misbehave:
            payload["iss"] = "https://elsewhere.example"
        if "wrong_audience" in self.misbehave:
            payload["aud"] = "another-client"
        if "expired" in self.misbehave:
            payload["iat"], payload["exp"] = now - 900, now - 600
        if "no_expiry" in self.misbehave:
            del payload["exp"]
        if "wrong_nonce" in self.misbehave:
            payload["nonce"] = "not-the-nonce"
        key = self.key
        if "other_key" in self.misbehave:
            key = self.stranger_key
        if "forged_signature" in self.misbehave:
            key = self.forger_key
        header = {"alg": "RS256", "kid": key.kid, "typ": "JWT"}
        return jwt.encode(header, payload, key)


def _pkce_matches(challenge: str, method: str, verifier: str | None) -> bool:
    if not verifier or method != "S256":
        return False
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            provider.requests.append(self.path)

        def answer(self, status: int, body=None, headers=None):
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                if "discovery_down" in provider.misbehave:
                    return self.answer(503, {"error": "down"})
                return self.answer(200, provider.discovery)
            if url.path == "/jwks":
                return self.answer(
                    200,
                    {
                        "keys": [
                            {
                                **provider.key.as_dict(private=False),
                                "alg": "RS256",
                                "use": "sig",
                            }
                        ]
                    },
                )
            if url.path == "/authorize":
                return self.authorize(query)
            if url.path == "/userinfo":
                return self.userinfo()
            return self.answer(404, {"error": "not_found"})

        def authorize(self, query):
            if query.get("client_id") != provider.client_id:
                return self.answer(400, {"error": "unauthorized_client"})
            back = query["redirect_uri"]
            if "deny" in provider.misbehave:
                params = {"error": "access_denied", "state": query.get("state", "")}
            else:
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {
                    "redirect_uri": back,
                    "nonce": query.get("nonce"),
                    "challenge": query.get("code_challenge"),
                    "method": query.get("code_challenge_method"),
                    "claims": dict(provider.person),
                }
                params = {"code": code, "state": query.get("state", "")}
            self.answer(302, headers={"Location": back + "?" + urlencode(params)})

        def do_POST(self):
            if urlsplit(self.path).path != "/token":
                return self.answer(404, {"error": "not_found"})
            length = int(self.headers.get("Content-Length", 0))
            form = {
                k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()
            }
            grant = provider.codes.pop(form.get("code", ""), None)
            if (
                form.get("client_id") != provider.client_id
                or form.get("client_secret") != provider.client_secret
            ):
                return self.answer(401, {"error": "invalid_client"})
            if (
                grant is None
                or form.get("grant_type") != "authorization_code"
                or form.get("redirect_uri") != grant["redirect_uri"]
                or not _pkce_matches(
                    grant["challenge"], grant["method"], form.get("code_verifier")
                )
            ):
                return self.answer(400, {"error": "invalid_grant"})
            access_token = secrets.token_urlsafe(16)
            claims = grant["claims"]
            provider.access_tokens[access_token] = claims
            self.answer(
                200,
                {
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(
                        {"sub": claims["sub"]}, grant["nonce"]
                    ),
                },
            )

        def userinfo(self):
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            claims = provider.access_tokens.get(token)
            if claims is None:
                return self.answer(401, {"error": "invalid_token"})
            if "other_subject" in provider.misbehave:
                claims = {**claims, "sub": "someone-else"}
            self.answer(200, claims)

    return Handler
