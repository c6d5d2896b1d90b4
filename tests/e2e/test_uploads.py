"""Uploads, the grain and what people write, in a real browser.

A manager on the demo uploads a Google Ads campaign report: the demo brand is set aside
(its launches leave the picker, the tiles hold the report's numbers alone), the period
moves to the report's dates, "Share this view" says colleagues will not see the file, and
"Back to the shared data" brings the view before it back. The trend's grain follows the
link's period unless the link or the picker names one. A note shaped like a link or an
image shows as text.

Expected figures come from the export itself, read here with the csv module by Google
Ads' documented layout (a title line, the date range, a header, campaign rows, `Total:`
rows), never from Tandem's code.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from tests.e2e.conftest import ROOT, Server
from tests.e2e.tandem import (
    choose,
    go_to,
    open_view,
    options,
    params,
    settle,
    sidebar_dates,
    tiles,
    upload,
)

pytestmark = pytest.mark.browser

REPORT = ROOT / "tests" / "fixtures" / "vendors" / "google_ads_campaigns_en_gb.csv"
DEMO_LAUNCHES = {"Velvet Matte Lipstick line", "Noir Bloom fragrance"}  # Glow Serum is chosen
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def report_figures(path: Path) -> tuple[date, date, str, Decimal]:
    """First day, last day, currency and total cost of a Google Ads campaign report."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first, last = (
        datetime.strptime(part, "%d %B %Y").date() for part in lines[1].strip('"').split(" - ")
    )
    campaigns = [
        row for row in csv.DictReader(lines[2:]) if not row["Campaign status"].startswith("Total")
    ]
    (currency,) = {row["Currency code"] for row in campaigns}
    cost = sum((Decimal(row["Cost"].replace(",", "")) for row in campaigns), Decimal(0))
    return first, last, currency, cost


def sidebar(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebar"]')


def share_text(page: Page) -> str:
    sidebar(page).get_by_role("button", name="Share this view").click()
    body = page.locator('[data-testid="stPopoverBody"]')
    body.wait_for()
    text = body.inner_text()
    page.keyboard.press("Escape")
    return text


def chosen_grain(page: Page) -> str:
    box = page.locator('.st-key-filters_grain [role="radio"][aria-checked="true"]')
    return box.inner_text().strip()


def test_an_upload_on_the_demo_is_its_own_data_set(server: Server, page: Page) -> None:
    first, last, currency, cost = report_figures(REPORT)
    assert (first, last, currency, cost) == (
        date(2026, 1, 27), date(2026, 2, 23), "GBP", Decimal("2755.18"),
    )  # fmt: skip
    open_view(page, f"{server.url}/?launch=Glow+Serum&region=EU")
    before, demo_tiles = params(page), tiles(page)
    assert set(options(page, "Launch")) >= DEMO_LAUNCHES
    assert "does not carry" not in share_text(page)

    go_to(page, "Data")
    upload(page, REPORT)
    page.get_by_text("What using these files changes").wait_for()
    page.get_by_role("button", name="Use these files in this session").click()
    settle(page)
    span = f"{first:%d %b %Y} to {last:%d %b %Y}"
    page.get_by_text(f"Showing 1 uploaded file(s) on their own, {span}, every launch.").wait_for()
    assert params(page)["period"] == [first.isoformat(), last.isoformat()]
    assert "launch" not in params(page) and "region" not in params(page)
    assert sidebar_dates(page) == [first.isoformat(), last.isoformat()]

    go_to(page, "Overview")
    assert params(page)["period"] == [first.isoformat(), last.isoformat()]
    # The report's campaigns name no launch of this data: the demo's launches are gone.
    assert options(page, "Launch") == ["(unassigned)"]
    shown = tiles(page)
    assert shown["Spend"] == f"{SYMBOLS[currency]}{cost:,.0f}"  # £2,755: the report alone
    assert shown["MQLs"] == "—"  # the report has no leads; the demo's are set aside
    assert "1 uploaded file(s) only, in this session" in sidebar(page).inner_text()
    warning = share_text(page)
    assert (
        "This link does not carry your 1 uploaded file(s): colleagues who open it see the "
        "demo data (Maison Lumière) only, so their numbers will differ from yours."
    ) in warning
    # 28 days: by day, left out of the link as the period's own grain.
    assert chosen_grain(page) == "day" and "grain" not in params(page)

    sidebar(page).get_by_role("button", name="Back to the shared data").click()
    settle(page)
    assert params(page) == {**before, "period": ["2026-08-29", "2026-11-26"]}
    assert set(options(page, "Launch")) >= DEMO_LAUNCHES
    assert tiles(page) == demo_tiles
    assert "does not carry" not in share_text(page)


def test_the_grain_follows_the_link_s_period_unless_one_is_picked(
    server: Server, page: Page
) -> None:
    end = date(2026, 11, 22)
    week = f"period={end - timedelta(days=6)}&period={end}"
    half_year = f"period={end - timedelta(days=179)}&period={end}"
    open_view(page, f"{server.url}/?{week}")
    assert chosen_grain(page) == "day" and "grain" not in params(page)
    assert (
        "Shown by day, for a 7-day period." in page.locator('[data-testid="stMain"]').inner_text()
    )

    open_view(page, f"{server.url}/?{half_year}")
    assert chosen_grain(page) == "week" and "grain" not in params(page)

    open_view(page, f"{server.url}/?{week}&grain=month")  # the link names one: it wins
    assert chosen_grain(page) == "month"
    assert (
        "Shown by month, as chosen in the filters."
        in page.locator('[data-testid="stMain"]').inner_text()
    )

    open_view(page, f"{server.url}/?{half_year}")
    page.locator(".st-key-filters_grain").get_by_role("radio", name="month").click()
    settle(page)
    assert params(page)["grain"] == ["month"]  # picked: in the link
    page.locator(".st-key-filters_grain").get_by_role("radio", name="week").click()
    settle(page)
    assert "grain" not in params(page)  # the period's own grain again: out of the link

    # In the session a grain left at the period's own follows the period; one picked stays.
    open_view(page, server.url)  # the last 90 days: by week
    assert chosen_grain(page) == "week"
    choose(page, "Period", "Last 4 weeks")
    assert chosen_grain(page) == "day" and "grain" not in params(page)
    page.locator(".st-key-filters_grain").get_by_role("radio", name="month").click()
    settle(page)
    choose(page, "Period", "Last 90 days")
    assert chosen_grain(page) == "month" and params(page)["grain"] == ["month"]


def test_a_note_shaped_like_a_link_or_an_image_shows_as_text(server: Server, page: Page) -> None:
    open_view(page, f"{server.url}/launches?launch=Glow+Serum")
    for text in ("[x](https://evil.example)", "![x](https://evil.example/p.png)"):
        sidebar(page).get_by_role("button", name="Add a note").click()
        panel = page.locator('[data-testid="stPopoverBody"]')
        panel.get_by_label("Text").fill(text)
        panel.get_by_role("button", name="Add note").click()
        settle(page)
        page.keyboard.press("Escape")
    main = page.locator('[data-testid="stMain"]')
    page.get_by_text("Notes, decisions and actions").wait_for()
    shown = main.inner_text().replace("\u2060", "")
    assert "[x](https://evil.example)" in shown
    assert "![x](https://evil.example/p.png)" in shown
    assert main.locator('a[href*="evil"]').count() == 0
    assert main.locator('img[src*="evil"]').count() == 0
