"""Sign-in for shared links, in a real browser against a fake OpenID Connect provider.

Each server reads a temporary secrets file (--secrets.files), never the repo's
.streamlit/secrets.toml. The provider and the secrets are made up for the test.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import Server
from tests.e2e.fake_oidc import FakeOIDC, running
from tests.e2e.tandem import params, path, settle
from ui.auth import UNVERIFIED

pytestmark = pytest.mark.browser

CLIENT_ID = "tandem-test-client"
INSIDER = "ana@maisonlumiere.example"
OUTSIDER = "someone@elsewhere.example"
DEEP_LINK = "/funnel?launch=Glow+Serum&region=EU"
NUMBERS = (
    '[data-testid="stMetric"], [data-testid="stDataFrame"], .tandem-table, '
    '[data-testid="stSidebar"]'
)


@pytest.fixture(scope="module")
def client_secret() -> str:
    return secrets.token_urlsafe(24)


@pytest.fixture(scope="module")
def cookie_secret() -> str:
    return secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def provider(client_secret: str) -> Iterator[FakeOIDC]:
    with running(CLIENT_ID, client_secret) as fake:
        yield fake


def _start(secrets_toml: str, folder: Path) -> Server:
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "secrets.toml"
    file.write_text(secrets_toml, encoding="utf-8")
    server = Server(args=[f"--secrets.files={file}"])
    server.wait_ready()
    return server


@pytest.fixture(scope="module")
def gated(
    chromium: str,
    provider: FakeOIDC,
    client_secret: str,
    cookie_secret: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    toml = f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{cookie_secret}"
client_id = "{CLIENT_ID}"
client_secret = "{client_secret}"
server_metadata_url = "{provider.metadata_url}"

[access]
allowed_domains = ["maisonlumiere.example"]
"""
    server = _start(toml, tmp_path_factory.mktemp("gated"))
    yield server
    server.stop()


def _main_text(page: Page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _sign_in_page(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    settle(page)


def test_a_deep_link_opened_signed_out_is_restored_after_sign_in(
    gated: Server, provider: FakeOIDC, page: Page, client_secret: str, cookie_secret: str
) -> None:
    provider.email = INSIDER
    _sign_in_page(page, gated.url + DEEP_LINK)
    assert page.locator(NUMBERS).count() == 0
    assert "you will come back to the link you opened" in _main_text(page)
    assert page.get_by_role("button").count() == 1  # the sign-in button, nothing else
    assert path(page) == "/funnel"
    assert params(page) == {"launch": ["Glow Serum"], "region": ["EU"]}

    with page.expect_request(lambda r: "/oauth2callback" in r.url, timeout=60_000):
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/funnel?" in url, timeout=60_000)
    page.wait_for_function(
        "t => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText.trim() === t",
        arg="Funnel",
        timeout=60_000,
    )
    settle(page)
    assert path(page) == "/funnel"
    # Signed in, the link also carries the dates it resolves to (the last 90 days of data).
    assert params(page) == {
        "launch": ["Glow Serum"],
        "region": ["EU"],
        "period": ["2026-08-29", "2026-11-26"],
    }
    assert (
        page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]')
        .first.inner_text()
        .startswith("Glow Serum · ")
    )
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert f"Signed in as {INSIDER}" in sidebar
    assert "Open access" not in sidebar
    page.wait_for_selector(".tandem-table", timeout=30_000)  # the numbers
    # The real code flow ran: one code exchanged, with PKCE and the client secret checked.
    assert provider.exchanged[-1] == INSIDER
    assert provider.authorized[-1]["code_challenge_method"] == "S256"
    assert "tandem_return" not in {c["name"] for c in page.context.cookies()}
    gated.log.flush()
    log = Path(gated.log.name).read_text(encoding="utf-8")
    assert client_secret not in log and cookie_secret not in log


def test_an_outsider_is_refused_by_name_and_sees_no_numbers(
    gated: Server, provider: FakeOIDC, page: Page
) -> None:
    provider.email = OUTSIDER
    _sign_in_page(page, gated.url + "/?launch=Glow+Serum")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("may not open Tandem").wait_for(timeout=60_000)
    settle(page)
    assert provider.exchanged[-1] == OUTSIDER
    assert page.locator(NUMBERS).count() == 0
    refusal = page.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')
    assert refusal.inner_text().replace("\u2060", "").strip() == (
        f"You are signed in as {OUTSIDER}, and this account may not open Tandem. If you need "
        "access, ask whoever runs Tandem to add it, or sign out and sign in with your work "
        "account."
    )

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert "_streamlit_user" not in {c["name"] for c in page.context.cookies()}


def test_an_address_the_provider_does_not_vouch_for_is_refused(
    gated: Server, provider: FakeOIDC, page: Page
) -> None:
    # The provider sends no email_verified claim, as Entra ID does for an address the user
    # typed in: the address is one the access list admits, and still it is not let in.
    provider.email, provider.email_verified = INSIDER, None
    try:
        _sign_in_page(page, gated.url + "/?launch=Glow+Serum")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("email_verified claim is not true").wait_for(timeout=60_000)
        settle(page)
    finally:
        provider.email_verified = True
    assert provider.exchanged[-1] == INSIDER
    assert page.locator(NUMBERS).count() == 0
    refusal = page.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')
    assert refusal.inner_text().replace("\u2060", "").strip() == (
        f"You are signed in as {INSIDER}, and this account may not open Tandem. {UNVERIFIED} "
        "If you need access, ask whoever runs Tandem to add it, or sign out and sign in with "
        "your work account."
    )
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)


def test_without_auth_the_sidebar_says_access_is_open(
    chromium: str, page: Page, tmp_path: Path
) -> None:
    server = _start("# no [auth]: Tandem runs open\n", tmp_path)
    try:
        page.goto(server.url + "/")
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
        settle(page)
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Open access: anyone who can reach this server sees the data." in sidebar
        assert page.get_by_role("button", name="Sign in").count() == 0
    finally:
        server.stop()
