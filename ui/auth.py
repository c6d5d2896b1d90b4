"""Who may see Tandem: sign-in with the company's OpenID Connect provider, and an access list.

With an `[auth]` section in .streamlit/secrets.toml nobody sees data before signing in
(`st.login`), and only accounts on the `[access]` list (`allowed_domains`,
`allowed_emails`) get past the gate: an empty or missing list lets nobody in, so a
half-finished setup fails closed. Without `[auth]` the app is open and says so.

A shared link must survive the sign-in round trip, but Streamlit sends every user back
to `/` after login and a new session starts there (session state is gone). So the
sign-in page saves the link the browser is on (path and query) in a short-lived cookie,
and the first signed-in run at `/` sends the browser back to it. Only a same-site path
with a re-encoded query is ever restored, so the cookie cannot redirect anywhere else.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import streamlit as st

from present.formatting import escape_markdown, literal

RETURN_COOKIE = "tandem_return"
RETURN_MAX_AGE_SECONDS = 600  # long enough to type a password, short enough to be forgotten
OPEN_ACCESS = (
    ":material/lock_open: **Open access**: anyone who can reach this server sees the data. "
    "Notes and saved views are unsigned. "
    "Add `[auth]` to .streamlit/secrets.toml to require sign-in."
)
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
_SAFE_PATH = re.compile(r"/[A-Za-z0-9_./-]*")
# One address as RFC 5321 writes it: a dot-atom local part, then host name labels.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")
_MAX_ADDRESS = 254
UNVERIFIED = (
    "Your sign-in provider did not confirm that this e-mail address belongs to this "
    "account (its email_verified claim is not true), so Tandem cannot trust it."
)

# Runs in the browser on the sign-in page: what the browser shows is the link to restore.
_SAVE_LINK_JS = (
    "<script>document.cookie = '" + RETURN_COOKIE + "=' + "
    "encodeURIComponent(window.location.pathname + window.location.search) + "
    f"'; Max-Age={RETURN_MAX_AGE_SECONDS}; Path=/; SameSite=Lax';</script>"
)


def address(email: object) -> str | None:
    """`email` lower-cased when it is one well-formed ASCII address, else None."""
    if not isinstance(email, str):
        return None
    email = email.strip()
    if not email.isascii() or len(email) > _MAX_ADDRESS or not _ADDRESS.fullmatch(email):
        return None
    return email.lower()


@dataclass(frozen=True)
class AccessList:
    domains: frozenset[str]
    emails: frozenset[str]
    trust_provider_email: bool = False  # accept a missing email_verified claim

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> AccessList:
        section = section or {}
        return cls(
            domains=frozenset(v.lstrip("@") for v in _names(section.get("allowed_domains"))),
            emails=frozenset(_names(section.get("allowed_emails"))),
            trust_provider_email=section.get("trust_provider_email") is True,
        )

    def admits(self, email: object) -> bool:
        found = address(email)
        if found is None:
            return False
        return found in self.emails or found.rpartition("@")[2] in self.domains

    def verified(self, claim: object) -> bool:
        """Whether the provider's email_verified claim vouches for the address.

        True, or "true" as some providers (Amazon Cognito) send it; a missing claim only
        when the access list trusts the provider's addresses; anything else is refused.
        """
        if claim is True or (isinstance(claim, str) and claim.strip().lower() == "true"):
            return True
        return claim is None and self.trust_provider_email


def _names(value: object) -> list[str]:
    """A TOML list of strings, or one string (a common slip), lower-cased; anything else: none."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [v.strip().lower() for v in values if isinstance(v, str) and v.strip()]


def providers(auth: Mapping[str, Any]) -> list[str | None]:
    """The providers to offer: None is `[auth]` itself, a name is an `[auth.<name>]` table."""
    if any(key in auth for key in PROVIDER_KEYS):
        return [None]
    return [*sorted(str(k) for k, v in auth.items() if isinstance(v, Mapping))]


def setup_problems(auth: Mapping[str, Any]) -> list[str]:
    """What is missing from `[auth]`, by key name only (never a value)."""
    problems = [f"[auth] {key}" for key in AUTH_KEYS if not auth.get(key)]
    # Streamlit's login needs Authlib and httpx; without them the button would only fail.
    problems += [
        f"the {name} package (pip install -r requirements.txt)"
        for name in ("authlib", "httpx")
        if importlib.util.find_spec(name) is None
    ]
    offered = providers(auth)
    if not offered:
        problems.append("[auth] client_id, client_secret, server_metadata_url")
    for name in offered:
        table = auth if name is None else auth[name]
        where = "[auth]" if name is None else f"[auth.{name}]"
        problems += [f"{where} {key}" for key in PROVIDER_KEYS if not table.get(key)]
    return problems


def return_target(saved: str | None) -> str | None:
    """The saved link as a same-site path and query, or None when absent, trivial or unsafe."""
    if not saved:
        return None
    value = unquote(saved)
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not _SAFE_PATH.fullmatch(parts.path):
        return None
    query = urlencode(parse_qsl(parts.query, keep_blank_values=True))
    if parts.path == "/" and not query:
        return None
    return parts.path + (f"?{query}" if query else "")


def _section(name: str) -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get(name)
    except (FileNotFoundError, KeyError, OSError):
        return None
    return section if isinstance(section, Mapping) else None


def signed_in_email() -> str | None:
    """The e-mail address the gate let in, or None in open access (no `[auth]`)."""
    if _section("auth") is None or st.user.get("is_logged_in") is not True:
        return None
    return address(st.user.get("email"))  # the form the access list admitted


def gate() -> None:
    """Let the user through, or show why not and stop the run (nothing else is drawn)."""
    auth = _section("auth")
    if auth is None:
        st.sidebar.markdown(OPEN_ACCESS)
        return
    problems = setup_problems(auth)
    if problems:
        _misconfigured(problems)
    if st.user.get("is_logged_in") is not True:
        _sign_in(providers(auth))
    email = str(st.user.get("email") or "")
    access = AccessList.from_section(_section("access"))
    if not access.admits(email):
        _refuse(email)
    if not access.verified(st.user.get("email_verified")):
        _refuse(email, UNVERIFIED)
    target = return_target(st.context.cookies.get(RETURN_COOKIE))
    if target is not None and not st.query_params:
        _restore(target)
    # An address the access list admitted: well-formed ASCII, only escaped (it may link as
    # mailto:, to its own owner).
    st.sidebar.markdown(f":material/lock: Signed in as {escape_markdown(email.strip())}")
    if st.sidebar.button("Sign out", key="tandem_sign_out", icon=":material/logout:"):
        st.logout()


def _sign_in(offered: list[str | None]) -> None:
    st.title("Tandem")
    st.markdown(
        "Tandem shows revenue, pipeline and targets, so it asks who you are first. "
        "Sign in with your company account; you will come back to the link you opened."
    )
    for name in offered:
        label = "Sign in" if name is None else f"Sign in with {name}"
        if st.button(label, type="primary", icon=":material/login:", key=f"sign_in_{name}"):
            st.login(name)
    st.html(_SAVE_LINK_JS, unsafe_allow_javascript=True)
    st.stop()


def _refuse(email: str, why: str = "") -> None:
    st.title("Tandem")
    shown = literal(email) if email else "an account without an e-mail address"
    st.warning(
        f"You are signed in as **{shown}**, and this account may not open Tandem. "
        + (f"{why} " if why else "")
        + "If you need access, ask whoever runs Tandem to add it, or sign out and sign in "
        "with your work account.",
        icon=":material/block:",
    )
    if st.button("Sign out", key="tandem_sign_out", icon=":material/logout:"):
        st.logout()
    st.stop()


def _restore(target: str) -> None:
    """Back to the link opened before signing in; the link below is for a browser without JS."""
    script_target = json.dumps(target).replace("<", "\\u003c").replace(">", "\\u003e")
    st.html(
        f"<script>document.cookie = '{RETURN_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax';"
        f"window.location.replace({script_target});</script>",
        unsafe_allow_javascript=True,
    )
    st.markdown(f"Opening [the link you asked for]({target})…")
    st.stop()


def _misconfigured(problems: list[str]) -> None:
    st.title("Tandem")
    st.error(
        "Sign-in is switched on but not completely set up, so Tandem shows no data. "
        "Missing: " + ", ".join(problems),
        icon=":material/lock:",
    )
    st.stop()
