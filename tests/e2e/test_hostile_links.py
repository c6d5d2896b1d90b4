"""Crafted links in a real browser: their values show as text, never as a link or image.

A value in a shared link is whatever its author typed: `?launch=[Session expired - sign
in again](https://evil.example/login)` rendered as markdown would be a phishing link in
every viewer's sidebar, and `?region=![x](https://evil.example/px.png)` would make every
viewer's browser fetch the attacker's image. A 100,000-character value of emphasis
markers froze the tab.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from tests.bounded import MEASURED, bounded
from tests.e2e.conftest import Server
from tests.e2e.tandem import open_view

pytestmark = pytest.mark.browser

PHISH = "[Session expired - sign in again](https://evil.example/login)"
PIXEL = "![x](https://evil.example/px.png)"
SIDEBAR = '[data-testid="stSidebar"]'
NOTICE = f'{SIDEBAR} [data-testid="stAlert"]'


def _outside(requests: list[str], server: Server) -> list[str]:
    return [url for url in requests if not url.startswith(server.url)]


def test_crafted_link_values_are_text_and_fetch_nothing(server: Server, page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_view(page, f"{server.url}/?launch={quote(PHISH)}&region={quote(PIXEL)}")
    page.wait_for_selector(NOTICE, timeout=30_000)
    # Shown as typed, but for an invisible word joiner that keeps "https://" from linking.
    notice = page.locator(NOTICE).inner_text().replace("\u2060", "")
    assert f"launch “{PHISH}”" in notice and f"region “{PIXEL}”" in notice
    links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    images = page.eval_on_selector_all("img[src]", "images => images.map(i => i.src)")
    # Page links keep the link's filters in their query; none leads off the site.
    assert [url for url in links + images if not url.startswith(server.url)] == []
    assert _outside(requests, server) == []


def test_a_100000_character_link_value_opens_without_freezing(server: Server, page: Page) -> None:
    # 50,000 emphasis markers: rendered as markdown, the old notice never finished drawing
    # (the page's heading did not appear within 60 s); a plain "a" * 100,000 did.
    value = "*a" * 50_000
    # Timed here; memory is the tab's, measured below (this process only drives the browser).
    with bounded("browser: a link with a 100,000-character value", megabytes=1_000):
        open_view(page, f"{server.url}/?channel={value}")
        page.wait_for_selector(NOTICE, timeout=60_000)
        # The page answers: a script evaluates at once, so the tab is not frozen.
        assert page.evaluate("1 + 1") == 2
    heap = page.evaluate("performance.memory.usedJSHeapSize") / 1024 / 1024
    MEASURED.append(f"browser: the tab's JavaScript heap after that link: {heap:,.0f} MB")
    assert heap < 500
    notice = page.locator(NOTICE).inner_text()
    assert "channel “" + value[:79] + "…”" in notice
    assert value not in page.locator(SIDEBAR).inner_text()
    page.get_by_role("heading", name="Overview").wait_for(timeout=10_000)
