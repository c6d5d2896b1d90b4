"""The product's core promise, in a real browser: a shared link reproduces the view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import VIEWPORT, Server
from tests.e2e.tandem import go_to, open_view, params, path, pick, screenshot, settle, tiles

PAGES = ["Overview", "Definitions"]
pytestmark = pytest.mark.browser


def test_shared_link_reproduces_the_view_and_filters_follow_the_user(
    server: Server, page: Page, browser: Browser
) -> None:
    open_view(page, server.url + "/")
    everything = tiles(page)
    assert everything["Spend"].startswith("€")
    screenshot(page, "overview")

    pick(page, "Launch", "Glow Serum")
    assert params(page)["launch"] == ["Glow Serum"]
    glow = tiles(page)
    assert glow != everything
    link = page.url
    page.get_by_text("Share this view").click()
    settle(page)
    shown_link = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').inner_text()
    assert shown_link.strip() == link
    page.keyboard.press("Escape")

    other = browser.new_context(viewport=VIEWPORT)
    fresh = other.new_page()
    open_view(fresh, link)
    assert tiles(fresh) == glow
    other.close()

    for _ in range(2):
        for title in [*PAGES[1:], PAGES[0]]:
            go_to(page, title)
            assert params(page)["launch"] == ["Glow Serum"], f"filters lost on {title}"
    assert tiles(page) == glow


def test_deep_link_to_another_page_as_the_first_request(fresh_server: Server, page: Page) -> None:
    open_view(page, fresh_server.url + "/definitions?launch=Noir+Bloom+fragrance&region=EU")
    assert path(page) == "/definitions"
    assert page.locator('[data-testid="stMain"] h1').inner_text().strip() == "Definitions"
    # The link gains the dates it resolves to (the last 90 days of data), and keeps them.
    expected = {
        "launch": ["Noir Bloom fragrance"],
        "region": ["EU"],
        "period": ["2026-08-29", "2026-11-26"],
    }
    assert params(page) == expected
    go_to(page, "Overview")
    assert params(page) == expected
    settle(page)
    assert set(tiles(page)) >= {"Spend", "MQLs", "Cost per MQL"}
