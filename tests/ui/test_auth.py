"""The sign-in gate in AppTest: who gets past it, what the others see, and the saved link.

AppTest seeds `st.user` and `st.secrets` but not cookies, so the restore of a saved
link is driven here through a patched `st.context.cookies` (the browser test in
tests/e2e/test_login.py does the real round trip).
"""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.runtime.context import ContextProxy
from streamlit.testing.v1 import AppTest

from tests.apptest import open_app
from ui.auth import RETURN_COOKIE, AccessList, return_target, setup_problems

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-not-real",
    "client_id": "tandem",
    "client_secret": "test-client-secret-not-real",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ACCESS = {"allowed_domains": ["maisonlumiere.example"], "allowed_emails": ["Guest@Agency.example"]}
INSIDER = {"is_logged_in": True, "email": "ana@maisonlumiere.example", "email_verified": True}


def run(
    secrets: dict[str, Any], user: dict[str, Any], page: str | None = None, **params: str
) -> AppTest:
    return open_app(page, secrets=secrets, user=user, **params)


def tables(app: AppTest) -> list[str]:
    """Tandem's tables (ui/tables.py draws them as HTML)."""
    return [h.proto.body for h in app.get("html") if "tandem-table" in h.proto.body]


def shows_no_data(app: AppTest) -> bool:
    return not app.metric and not app.dataframe and not tables(app) and not app.sidebar.children


def test_without_auth_the_app_is_open_and_says_so() -> None:
    app = run({"unrelated": "x"}, {"email": "test@example.com"})
    assert app.title[0].value == "Overview"
    assert app.sidebar.markdown[0].value.startswith(":material/lock_open: **Open access**: ")
    assert app.metric


def test_signed_out_sees_only_the_sign_in_button() -> None:
    app = run({"auth": AUTH, "access": ACCESS}, {"is_logged_in": False}, launch="Glow Serum")
    assert shows_no_data(app)
    assert [b.label for b in app.button] == ["Sign in"]
    assert app.title[0].value == "Tandem"
    [saver] = app.get("html")
    assert RETURN_COOKIE in saver.proto.body and "window.location.pathname" in saver.proto.body


def test_named_providers_get_one_button_each() -> None:
    named = {
        "redirect_uri": AUTH["redirect_uri"],
        "cookie_secret": AUTH["cookie_secret"],
        "okta": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")},
        "google": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")},
    }
    app = run({"auth": named, "access": ACCESS}, {"is_logged_in": False})
    assert [b.label for b in app.button] == ["Sign in with google", "Sign in with okta"]


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/data.py"])
def test_an_allowed_user_sees_the_pages_and_who_is_signed_in(page: str) -> None:
    app = run({"auth": AUTH, "access": ACCESS}, INSIDER, page)
    assert app.title[0].value in {"Overview", "Data"}
    assert app.sidebar.markdown[0].value == (
        ":material/lock: Signed in as ana@maisonlumiere\\.example"
    )
    # Sign out, then the forms' buttons: save this view, add a note.
    assert [b.label for b in app.sidebar.button] == ["Sign out", "Save", "Add note"]
    assert app.metric or app.dataframe or tables(app)


def test_an_allowed_email_is_matched_without_regard_to_case() -> None:
    app = run(
        {"auth": AUTH, "access": ACCESS}, {"is_logged_in": True, "email": "guest@agency.EXAMPLE"}
    )
    assert app.metric


@pytest.mark.parametrize(
    ("user", "named"),
    [
        ({"is_logged_in": True, "email": "someone@elsewhere.example"}, "someone@elsewhere.example"),
        ({"is_logged_in": True, "email": "ana@evilmaisonlumiere.example"}, "ana@evilmaisonlumiere"),
        ({"is_logged_in": True, "email": "ana@maisonlumiere.example.evil"}, "maisonlumiere"),
        ({**INSIDER, "email_verified": False}, "ana@maisonlumiere.example"),
        ({"is_logged_in": True}, "an account without an e-mail address"),
    ],
)
def test_others_are_refused_by_name_and_see_no_data(user: dict[str, Any], named: str) -> None:
    app = run({"auth": AUTH, "access": ACCESS}, user, launch="Glow Serum")
    assert shows_no_data(app)
    [refusal] = app.warning
    assert named in refusal.value.replace("\\", "")
    assert "may not open Tandem" in refusal.value
    assert [b.label for b in app.button] == ["Sign out"]


def test_no_access_list_lets_nobody_in() -> None:
    app = run({"auth": AUTH}, INSIDER)
    assert shows_no_data(app)
    assert len(app.warning) == 1


def test_an_incomplete_auth_section_fails_closed_naming_keys_not_values() -> None:
    partial = {k: v for k, v in AUTH.items() if k != "client_id"}
    app = run({"auth": partial, "access": ACCESS}, INSIDER)
    assert shows_no_data(app)
    [error] = app.error
    assert error.value.endswith("Missing: [auth] client_id")
    assert AUTH["client_secret"] not in error.value and AUTH["cookie_secret"] not in error.value


def test_setup_problems_name_every_missing_key() -> None:
    assert setup_problems(AUTH) == []
    assert setup_problems({"client_id": "x"}) == [
        "[auth] redirect_uri",
        "[auth] cookie_secret",
        "[auth] client_secret",
        "[auth] server_metadata_url",
    ]
    assert setup_problems({"redirect_uri": "r", "cookie_secret": "c"}) == [
        "[auth] client_id, client_secret, server_metadata_url"
    ]


def _with_cookies(monkeypatch: pytest.MonkeyPatch, cookies: dict[str, str]) -> None:
    monkeypatch.setattr(ContextProxy, "cookies", property(lambda self: cookies))


def test_the_saved_link_is_restored_at_the_first_signed_in_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = "%2Ffunnel%3Flaunch%3DGlow%2BSerum%26region%3DEU"  # as the sign-in page wrote it
    _with_cookies(monkeypatch, {RETURN_COOKIE: saved})
    app = run({"auth": AUTH, "access": ACCESS}, INSIDER)
    assert not app.metric and not app.dataframe and not tables(app)
    [script] = app.get("html")
    assert script.proto.body == (
        f"<script>document.cookie = '{RETURN_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax';"
        'window.location.replace("/funnel?launch=Glow+Serum&region=EU");</script>'
    )
    assert app.markdown[0].value == (
        "Opening [the link you asked for](/funnel?launch=Glow+Serum&region=EU)…"
    )


def test_a_link_opened_with_filters_is_not_redirected(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_cookies(monkeypatch, {RETURN_COOKIE: "%2Ffunnel%3Fregion%3DEU"})
    app = run({"auth": AUTH, "access": ACCESS}, INSIDER, launch="Glow Serum")
    assert app.metric and not [h for h in app.get("html") if "<script>" in h.proto.body]


@pytest.mark.parametrize(
    ("saved", "target"),
    [
        ("%2Ffunnel%3Flaunch%3DGlow%2BSerum%26region%3DEU", "/funnel?launch=Glow+Serum&region=EU"),
        ("/launches", "/launches"),
        ("/?launch=Glow%20Serum", "/?launch=Glow+Serum"),
        ("/funnel?x=%3Cscript%3E%22", "/funnel?x=%3Cscript%3E%22"),
        ("/", None),
        ("", None),
        (None, None),
        ("//evil.example/funnel", None),
        ("%2F%2Fevil.example", None),
        ("https://evil.example/funnel", None),
        ("javascript:alert(1)", None),
        ("/\\evil.example", None),
        ("/fun nel", None),
        ('/funnel"><script>', None),
    ],
)
def test_only_a_same_site_path_is_restored(saved: str | None, target: str | None) -> None:
    assert return_target(saved) == target


def test_access_list() -> None:
    access = AccessList.from_section(
        {"allowed_domains": ["@MaisonLumiere.example", 7], "allowed_emails": "Guest@agency.example"}
    )
    assert access.domains == {"maisonlumiere.example"}
    assert access.emails == {"guest@agency.example"}
    assert access.admits("Ana@maisonlumiere.example ")
    assert access.admits("guest@agency.example")
    assert not access.admits("other@agency.example")
    assert not access.admits("maisonlumiere.example")
    assert not access.admits("@maisonlumiere.example")
    assert not AccessList.from_section(None).admits("ana@maisonlumiere.example")
