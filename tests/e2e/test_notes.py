"""Notes in a real browser: Ana, signed in, adds a note, a decision and an action from the
sidebar; after a reload they are on the Launches page, signed with her e-mail; Ben, signed
in in a second browser, sees them and cannot edit or remove them. A note she adds is on
the Overview's trend after a reload (its marks and its tooltip), and her action in the
hand-off strip. The meeting pack she downloads from the page has all three. Saved views:
Ana saves the view, Ben opens it from the sidebar and lands on the same page and filters.

Sign-in goes through the fake OpenID Connect provider of tests/e2e/fake_oidc.py; the
notes go to an SQLite file of the test's own.
"""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page

import notes
from tests.e2e.conftest import VIEWPORT, Server
from tests.e2e.fake_oidc import FakeOIDC, running
from tests.e2e.tandem import params, path, screenshot, settle

pytestmark = pytest.mark.browser

CLIENT_ID = "tandem-test-client"
ANA = "ana@maisonlumiere.example"
BEN = "ben@maisonlumiere.example"
LAUNCHES = "/launches?launch=Glow+Serum"
WRITTEN = {
    "note": "Influencer post slipped a week <b>not bold</b>",
    "decision": "Salon event leads go to the **pro team** first",
    "action": "Sales calls back the salon event leads by Friday",
}


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeOIDC]:
    with running(CLIENT_ID, secrets.token_urlsafe(24)) as fake:
        yield fake


@pytest.fixture(scope="module")
def notes_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("notes") / "notes.db"


@pytest.fixture(scope="module")
def server(
    chromium: str, provider: FakeOIDC, notes_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("signed")
    (folder / "secrets.toml").write_text(
        f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "{CLIENT_ID}"
client_secret = "{provider.client_secret}"
server_metadata_url = "{provider.metadata_url}"

[access]
allowed_domains = ["maisonlumiere.example"]

[database]
url = "{notes.sqlite_url(notes_file)}"
""",
        encoding="utf-8",
    )
    running_server = Server(args=[f"--secrets.files={folder / 'secrets.toml'}"])
    running_server.wait_ready()
    yield running_server
    running_server.stop()


def _signed_in(browser: Browser, server: Server, provider: FakeOIDC, email: str) -> Page:
    """A browser of its own, signed in as `email`, on the Launches page for Glow Serum."""
    page = browser.new_context(viewport=VIEWPORT, accept_downloads=True).new_page()
    provider.email = email
    page.goto(server.url + LAUNCHES)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/launches?" in url, timeout=60_000)
    page.get_by_text(f"Signed in as {email}").wait_for(timeout=60_000)
    settle(page)
    return page


def _sidebar(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebar"]')


def _add(page: Page, kind: str, text: str, owner: str | None = None) -> None:
    """Open "Add a note", pick the kind, write, add: as a person would."""
    _sidebar(page).get_by_role("button", name="Add a note").click()
    panel = page.locator('[data-testid="stPopoverBody"]')
    choice = panel.get_by_role("radio", name=kind.capitalize(), exact=True)
    if choice.get_attribute("aria-checked") != "true":  # a second click would unselect it
        choice.click()
        settle(page)
    panel.get_by_label("Text").fill(text)
    if owner is not None:
        panel.get_by_label("Owner").fill(owner)
    panel.get_by_role("button", name=f"Add {kind}").click()
    settle(page)
    page.keyboard.press("Escape")


def _log(page: Page) -> str:
    page.get_by_text("Notes, decisions and actions").wait_for(timeout=30_000)
    return page.locator('[data-testid="stMain"]').inner_text()


def _pack_text(page: Page, folder: Path) -> str:
    """Download the meeting pack (PDF) from the page, as a person would; its words."""
    with page.expect_download(timeout=180_000) as started:
        page.get_by_role("button", name="Download meeting pack (PDF)").click()
    saved = folder / started.value.suggested_filename
    started.value.save_as(saved)
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.replace("·", " ").split())


def test_notes_are_kept_signed_and_only_their_author_edits_them(
    browser: Browser, server: Server, provider: FakeOIDC, notes_file: Path, tmp_path: Path
) -> None:
    ana = _signed_in(browser, server, provider, ANA)
    _add(ana, "note", WRITTEN["note"])
    _add(ana, "decision", WRITTEN["decision"])
    _add(ana, "action", WRITTEN["action"], owner="Sales")

    ana.reload()
    ana.get_by_text(f"Signed in as {ANA}").wait_for(timeout=60_000)
    settle(ana)
    log = _log(ana)
    for text in WRITTEN.values():
        assert text in log  # markdown and HTML shown as typed
    assert "not bold" not in ana.locator('[data-testid="stMain"] b').all_inner_texts()
    # Addresses are shown with a word joiner (U+2060) after "@", so no mail link is made.
    assert log.replace("\u2060", "").count(ANA) == 3
    assert "Owner: Sales · due " in log
    main = ana.locator('[data-testid="stMain"]')
    assert main.get_by_role("button", name="Edit").count() == 3
    screenshot(ana, "launches-notes")
    pack = _pack_text(ana, tmp_path)
    for text in WRITTEN.values():
        assert text in pack  # beside the trend it is marked on; the action also in its list
    assert f"Open Sales due {date.today() + timedelta(days=7):%d %b %Y} Glow Serum" in pack

    ben = _signed_in(browser, server, provider, BEN)
    log = _log(ben)
    for text in WRITTEN.values():
        assert text in log
    ben_main = ben.locator('[data-testid="stMain"]')
    assert ben_main.get_by_role("button", name="Edit").count() == 0
    assert ben_main.get_by_role("button", name="Remove").count() == 0
    # Nor can Ben change them behind the page's back: the store checks the author.
    database = notes.connect(notes.sqlite_url(notes_file))
    for entry in notes.entries(database):
        assert entry.author == ANA
        with pytest.raises(notes.NotAuthor):
            notes.edit(database, entry.id, entry.draft(), author=BEN)
    database.close()
    ana.context.close()
    ben.context.close()


def _tooltip_over(page: Page, chart: Locator, wanted: str) -> str:
    """Hover the chart's plot, as a person would, until a tooltip shows `wanted`."""
    box = chart.locator("svg.marks").bounding_box()
    assert box is not None
    tooltip = page.locator("#vg-tooltip-element")
    for down in (0.35, 0.5, 0.65, 0.8):
        for across in range(3, 20):
            page.mouse.move(box["x"] + box["width"] * across / 20, box["y"] + box["height"] * down)
            page.wait_for_timeout(100)
            if tooltip.is_visible() and wanted in (shown := tooltip.inner_text()):
                return shown
    return ""


def test_a_note_is_on_the_trend_and_an_action_in_the_hand_off_strip_after_a_reload(
    browser: Browser, server: Server, provider: FakeOIDC
) -> None:
    written = "Salon event in Lyon moved to the spring"
    ana = _signed_in(browser, server, provider, ANA)
    _add(ana, "action", "Chase the Lyon salon leads", owner="Sales EU")
    _add(ana, "note", written)  # the newest entry: its band is drawn on top of the others'
    due = date.today() + timedelta(days=7)  # the form's default due date

    ana.goto(server.url + "/?launch=Glow+Serum")
    ana.reload()
    ana.get_by_text(f"Signed in as {ANA}").wait_for(timeout=60_000)
    settle(ana)
    trend = ana.locator('[data-testid="stVegaLiteChart"]').first
    # The note's band, rule and symbol, each described by its tooltip's fields.
    marks = trend.locator(f'[aria-label*="Written: {written}; Kind: Note; By: {ANA};"]')
    marks.first.wait_for(timeout=30_000)
    assert marks.count() == 3
    assert (marks.nth(2).get_attribute("aria-label") or "").endswith("Launch: Glow Serum")
    shown = _tooltip_over(ana, trend, written)
    assert [line.strip() for line in shown.splitlines() if line.strip()][:6] == [
        "Written",
        written,
        "Kind",
        "Note",
        "By",
        ANA,
    ]
    strip = " ".join(ana.locator('[class*="st-key-open-actions"]').inner_text().split())
    line = f"Open Sales EU · due {due:%d %b %Y} · Glow Serum: Chase the Lyon salon leads"
    assert line in strip, strip
    screenshot(ana, "overview-notes")
    ana.context.close()


def test_a_saved_view_opens_as_its_link_for_someone_else(
    browser: Browser, server: Server, provider: FakeOIDC
) -> None:
    ana = _signed_in(browser, server, provider, ANA)
    _sidebar(ana).get_by_role("button", name="Save this view").click()
    panel = ana.locator('[data-testid="stPopoverBody"]')
    panel.get_by_label("Name").fill("Weekly launch review — Glow Serum")
    panel.get_by_role("button", name="Save", exact=True).click()
    settle(ana)
    ana.keyboard.press("Escape")

    ben = _signed_in(browser, server, provider, BEN)
    ben.goto(server.url + "/")
    settle(ben)
    _sidebar(ben).get_by_role("link", name="Weekly launch review — Glow Serum").click()
    ben.wait_for_function(
        "t => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText.trim() === t",
        arg="Launches",
        timeout=60_000,
    )
    settle(ben)
    assert path(ben) == "/launches"
    # The saved link carries the dates Ana's view resolved to.
    assert params(ben) == {"launch": ["Glow Serum"], "period": ["2026-08-29", "2026-11-26"]}
    assert _log(ben).startswith("Launches\n\nGlow Serum · ")
    ana.context.close()
    ben.context.close()
