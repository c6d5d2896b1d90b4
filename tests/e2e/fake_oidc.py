"""A small OpenID Connect provider on 127.0.0.1 for the sign-in browser tests.

It does what Streamlit's login (Authlib) needs of a real provider: a discovery document,
an authorize endpoint that signs the configured user in at once and redirects back with a
code, a token endpoint that checks the client secret, the code, the redirect URI and the
PKCE verifier and answers with an RS256 id_token, the JWKS to verify it, and userinfo.
The signing key is generated per provider, so nothing here is a real credential.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    challenge: str | None
    email: str


@dataclass
class FakeOIDC:
    client_id: str
    client_secret: str
    email: str = "ana@maisonlumiere.example"  # who signs in at the next authorize request
    # The email_verified claim sent; None leaves it out, as Microsoft Entra ID does.
    email_verified: object = True
    base: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "test-key"}))
    grants: dict[str, Grant] = field(default_factory=dict)
    issued: dict[str, str] = field(default_factory=dict)  # access token -> e-mail
    authorized: list[dict[str, str]] = field(default_factory=list)  # authorize query params
    exchanged: list[str] = field(default_factory=list)  # e-mails whose code was exchanged

    @property
    def metadata_url(self) -> str:
        return self.base + "/.well-known/openid-configuration"

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.base,
            "authorization_endpoint": self.base + "/authorize",
            "token_endpoint": self.base + "/token",
            "jwks_uri": self.base + "/jwks",
            "userinfo_endpoint": self.base + "/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def claims(self, email: str) -> dict[str, Any]:
        claims = {
            "sub": hashlib.sha256(email.encode()).hexdigest()[:16],
            "email": email,
            "email_verified": self.email_verified,
            "name": email.split("@")[0].title(),
        }
        return {key: value for key, value in claims.items() if value is not None}

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = self.claims(grant.email) | {
            "iss": self.base,
            "aud": grant.client_id,
            "iat": now,
            "exp": now + 600,
        }
        if grant.nonce:
            claims["nonce"] = grant.nonce
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)


class _Handler(BaseHTTPRequestHandler):
    provider: FakeOIDC

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        return None

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        fake = self.provider
        if url.path == "/.well-known/openid-configuration":
            self._json(200, fake.metadata())
        elif url.path == "/jwks":
            self._json(200, {"keys": [fake.key.as_dict(private=False)]})
        elif url.path == "/authorize":
            self._authorize(query)
        elif url.path == "/userinfo":
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            if token in fake.issued:
                self._json(200, fake.claims(fake.issued[token]))
            else:
                self._json(401, {"error": "invalid_token"})
        else:
            self._json(404, {"error": "not_found"})

    def _authorize(self, query: dict[str, str]) -> None:
        fake = self.provider
        fake.authorized.append(query)
        if query.get("client_id") != fake.client_id or query.get("response_type") != "code":
            self._json(400, {"error": "invalid_request"})
            return
        code = secrets.token_urlsafe(16)
        fake.grants[code] = Grant(
            client_id=query["client_id"],
            redirect_uri=query["redirect_uri"],
            nonce=query.get("nonce"),
            challenge=query.get("code_challenge"),
            email=fake.email,
        )
        back = {"code": code} | ({"state": query["state"]} if "state" in query else {})
        self.send_response(302)
        self.send_header("Location", query["redirect_uri"] + "?" + urlencode(back))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        if urlparse(self.path).path != "/token":
            self._json(404, {"error": "not_found"})
            return
        fake = self.provider
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = self.headers.get("Authorization") or ""
        if basic.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
        if (client_id, client_secret) != (fake.client_id, fake.client_secret):
            self._json(401, {"error": "invalid_client"})
            return
        grant = fake.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != grant.redirect_uri:
            self._json(400, {"error": "invalid_grant"})
            return
        if grant.challenge is not None:
            verifier = form.get("code_verifier", "").encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if digest.decode() != grant.challenge:
                self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                return
        access = secrets.token_urlsafe(16)
        fake.issued[access] = grant.email
        fake.exchanged.append(grant.email)
        self._json(
            200,
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 600,
                "id_token": fake.id_token(grant),
            },
        )


@contextmanager
def running(client_id: str, client_secret: str) -> Iterator[FakeOIDC]:
    """The provider serving on a free port of 127.0.0.1 until the block ends."""
    fake = FakeOIDC(client_id=client_id, client_secret=client_secret)
    handler = type("Handler", (_Handler,), {"provider": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
