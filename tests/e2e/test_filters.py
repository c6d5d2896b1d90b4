"""The sidebar filters in a real browser, at the laptop sizes meetings use: periods
anchored to the data, the link carrying the resolved dates, filters only where they
apply, and options limited to what the chosen launch has."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import polars as pl
import pytest
from playwright.sync_api import Browser, Page

from kpi.model import Model
from tests.e2e.conftest import Server
from tests.e2e.tandem import (
    choose,
    go_to,
    open_view,
    options,
    params,
    pick,
    screenshot,
    settle,
    sidebar_dates,
    tiles,
)

pytestmark = pytest.mark.browser
LAST_DAY = date(2026, 11, 26)  # the demo's last day, a Thursday
LAPTOPS = {"1280x800": (1280, 800), "1366x768": (1366, 768)}


@pytest.fixture(params=list(LAPTOPS))
def laptop(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height = LAPTOPS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def subtitle(page: Page) -> str:
    return page.locator(
        '[data-testid="stMain"] [data-testid="stCaptionContainer"]'
    ).first.inner_text()


def warnings(page: Page) -> list[str]:
    alerts = page.locator(
        '[data-testid="stMain"] [data-testid="stAlert"] [data-testid="stMarkdownContainer"]'
    )
    return [text.strip() for text in alerts.all_inner_texts()]


def shown_preset(page: Page) -> str:
    return page.locator('[data-testid="stSidebar"] input[aria-label="Period"]').input_value()


def visible(page: Page, label: str) -> bool:
    return page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).is_visible()


def test_a_preset_counts_back_from_the_data_and_the_link_keeps_its_dates(
    server: Server, laptop: Page, browser: Browser
) -> None:
    open_view(laptop, server.url + "/")
    # The first view's link already carries its dates: it shows the same ones next week.
    assert params(laptop)["period"] == ["2026-08-29", "2026-11-26"]
    assert shown_preset(laptop) == "Last 90 days"
    choose(laptop, "Period", "Last full week (Mon to Sun)")
    assert params(laptop)["period"] == ["2026-11-16", "2026-11-22"]  # Monday to Sunday
    assert sidebar_dates(laptop) == ["2026-11-16", "2026-11-22"]
    assert subtitle(laptop) == (
        "All launches · 16 Nov 2026 to 22 Nov 2026 · vs the previous period · "
        "Data through 26 Nov 2026"
    )
    assert warnings(laptop) == []
    week = tiles(laptop)
    screenshot(laptop, f"filters-last-week-{laptop.viewport_size['width']}")  # type: ignore[index]
    laptop.get_by_text("Share this view").click()
    settle(laptop)
    shared = laptop.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').inner_text()
    assert shared.strip() == laptop.url and "period=2026-11-16&period=2026-11-22" in shared
    laptop.keyboard.press("Escape")

    other = browser.new_context(viewport=laptop.viewport_size)
    fresh = other.new_page()
    open_view(fresh, shared.strip())
    assert sidebar_dates(fresh) == ["2026-11-16", "2026-11-22"]
    assert shown_preset(fresh) == "Last full week (Mon to Sun)"
    assert tiles(fresh) == week
    other.close()


def test_streamlit_s_past_week_runs_past_the_data_and_says_so(server: Server, laptop: Page) -> None:
    open_view(laptop, server.url + "/")
    laptop.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]').click()
    laptop.get_by_text("Select...", exact=True).click()
    laptop.get_by_role("option", name="Past Week", exact=True).click()
    settle(laptop)
    laptop.keyboard.press("Escape")
    settle(laptop)
    # The date picker's own preset counts back from today, past the data's last day.
    today = date.today()
    start = today - timedelta(days=7)
    assert params(laptop)["period"] == [start.isoformat(), today.isoformat()]
    assert sidebar_dates(laptop) == [start.isoformat(), today.isoformat()]
    assert shown_preset(laptop) == "Custom dates"
    assert subtitle(laptop).startswith(f"All launches · {start:%d %b %Y} to {today:%d %b %Y}")
    ends = "The period runs past the data, which ends on 26 Nov 2026"
    if start > LAST_DAY:
        expected = f"{ends}: it has no numbers yet and nothing to compare with."
    else:
        missing, elapsed = (today - LAST_DAY).days, (LAST_DAY - start).days + 1
        before = start - timedelta(days=8)  # the previous 8 days, cut to the elapsed ones
        after = before + timedelta(days=elapsed - 1)
        span = f"{before:%d %b %Y}" if elapsed == 1 else f"{before:%d %b %Y} to {after:%d %b %Y}"
        expected = (
            f"{ends}: its last {missing} days have no data yet, so it is compared on its first "
            f"{'day' if elapsed == 1 else f'{elapsed} days'} only ({span})."
        )
    assert warnings(laptop) == [expected]
    screenshot(laptop, f"filters-past-data-{laptop.viewport_size['width']}")  # type: ignore[index]


def test_data_and_definitions_show_no_kpi_filters_and_the_link_keeps_them(
    server: Server, laptop: Page
) -> None:
    view = "?launch=Glow+Serum&region=EU&period=2026-10-01&period=2026-10-31&compare=No+comparison"
    open_view(laptop, server.url + "/" + view)
    kept = params(laptop)
    before = tiles(laptop)
    assert all(visible(laptop, label) for label in ("Launch", "Period", "Compare with", "Region"))
    for title in ("Data", "Definitions"):
        go_to(laptop, title)
        assert params(laptop) == kept, f"filters lost on {title}"
        assert not any(
            visible(laptop, label)
            for label in ("Launch", "Period", "Compare with", "Channel", "Region", "Grain")
        )
        assert visible(
            laptop, "No filter applies to this page; the link keeps them for the others."
        )
        assert subtitle(laptop) == "Data through 26 Nov 2026"
        screenshot(laptop, f"filters-{title.lower()}-{laptop.viewport_size['width']}")  # type: ignore[index]
    go_to(laptop, "Launches")  # the launches and dimensions; Day 0, not the period
    assert params(laptop) == kept
    assert [visible(laptop, label) for label in ("Launch", "Region", "Period", "Compare with")] == [
        True,
        True,
        False,
        False,
    ]
    go_to(laptop, "Overview")
    assert params(laptop) == kept
    assert tiles(laptop) == before


def channels_of(model: Model, launch: str | None) -> list[str]:
    """The marketing channels of a launch's leads and spend, from the demo tables."""
    found: set[str] = set()
    for table in (model.dataset.leads, model.dataset.spend):
        rows = table if launch is None else table.filter(pl.col("launch_id") == launch)
        found |= set(rows["channel"].drop_nulls().to_list())
    return sorted(found)


def test_the_channel_filter_offers_only_the_chosen_launch_s_channels(
    server: Server, laptop: Page, demo_model: Model
) -> None:
    open_view(laptop, server.url + "/")
    assert options(laptop, "Channel") == channels_of(demo_model, None)
    pick(laptop, "Launch", "Atelier Pro salon line")
    atelier = channels_of(demo_model, "ATELIER-PRO")
    assert options(laptop, "Channel") == atelier
    assert len(atelier) < len(channels_of(demo_model, None))
    settle(laptop)
    screenshot(laptop, f"filters-channels-{laptop.viewport_size['width']}")  # type: ignore[index]
