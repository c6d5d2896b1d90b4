"""The screens people use in the meeting, in a real browser at the sizes they use.

No tile's label or value and no table cell is cut at 1280x800, 1366x768, 1440x900 or
on a phone; the Funnel says what it counts next to the Overview's numbers; cells read
like tiles; every table has an Excel download beside its CSV.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from pathlib import Path

import polars as pl
import pytest
from playwright.sync_api import Browser, Page

from present import wording
from tests.app_pages.conftest import demo_model
from tests.e2e.conftest import ARTIFACTS, Server
from tests.e2e.tandem import open_view, rows, tiles

pytestmark = pytest.mark.browser
SIZES = [(1280, 800), (1366, 768), (1440, 900), (390, 844)]
# path → (tiles, tables) each page draws on the default view.
PAGES = {
    "": (18, 1),
    "funnel": (0, 3),
    "launches": (0, 0),
    "handoff": (4, 3),
    "data": (0, 1),
    "definitions": (0, 1),
}
DRAWN = """([tiles, tables]) =>
  [...document.querySelectorAll('[data-testid="stMetricValue"]')]
    .filter(v => v.innerText.trim()).length >= tiles
  && document.querySelectorAll('.tandem-table table').length >= tables"""
# Every text a person reads in a tile or a table, and its box: wider text is cut.
CUT = """() => {
  const seen = [];
  const texts = document.querySelectorAll(
    '[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,'
    + '[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,'
    + '[data-testid="stMetricDelta"], .tandem-table th, .tandem-table td');
  for (const el of texts) {
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      seen.push(`${el.innerText.trim()} (${el.scrollWidth} > ${el.clientWidth})`);
  }
  const main = document.querySelector('[data-testid="stMainBlockContainer"]')
    .getBoundingClientRect();
  for (const tile of document.querySelectorAll('[data-testid="stMetric"]')) {
    const box = tile.getBoundingClientRect();
    if (box.right > main.right + 1 || box.left < main.left - 1)
      seen.push(`tile outside the page: ${tile.innerText.split('\\n')[0]}`);
  }
  return seen;
}"""
# Tables fit the page on a laptop; on a phone a wide one scrolls sideways, never cuts.
TABLES_WIDER_THAN_THE_PAGE = """() => [...document.querySelectorAll('.tandem-table')]
  .filter(t => t.clientWidth > 0 && t.scrollWidth > t.clientWidth + 1)
  .map(t => t.querySelector('th').innerText)"""


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_label_value_or_cell_is_cut_on_any_page(
    server: Server, browser: Browser, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for path, drawn in PAGES.items():
        open_view(page, f"{server.url}/{path}")
        page.wait_for_function(DRAWN, arg=list(drawn), timeout=30_000)
        assert _settled(page, CUT) == [], f"cut on /{path} at {width}x{height}"
        if width >= 1280:
            assert _settled(page, TABLES_WIDER_THAN_THE_PAGE) == [], f"/{path} at {width}"
        name = f"{path or 'overview'}-{width}x{height}"
        page.screenshot(path=str(ARTIFACTS / f"screen-{name}.png"))
    context.close()


def _settled(page: Page, check: str) -> list[str]:
    """The check's findings once the layout has settled (tiles reflow after the run)."""
    found: list[str] = page.evaluate(check)
    for _ in range(10):
        if not found:
            break
        page.wait_for_timeout(500)
        found = page.evaluate(check)
    return found


def _leads_created(start: date, end: date, launch: str, region: str) -> int:
    leads = demo_model().dataset.leads
    return leads.filter(
        (pl.col("created_at") >= datetime.combine(start, time()))
        & (pl.col("created_at") < datetime.combine(end + timedelta(days=1), time()))
        & (pl.col("launch_id") == launch)
        & (pl.col("region") == region)
    ).height


def test_funnel_says_it_follows_a_cohort_and_shows_the_overviews_counts(
    server: Server, page: Page
) -> None:
    view = "?launch=Silk+Hair+Oil&period=2026-07-01&period=2026-09-30&region=EU"
    open_view(page, f"{server.url}/{view}")
    overview = tiles(page)
    open_view(page, f"{server.url}/funnel{view}")
    leads = _leads_created(date(2026, 7, 1), date(2026, 9, 30), "SILK-HAIR-OIL", "EU")
    text = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]')
    assert (
        "One cohort, followed to today. This funnel follows the "
        f"{leads:,} leads created from 01 Jul 2026 to 30 Sep 2026 and every stage they reached "
        "up to the data's last day (26 Nov 2026), even after the period. The Overview counts "
        "each step on its own date inside the period instead; the last column shows its "
        "numbers."
    ) in text.all_inner_texts()
    summary = {row["Stage"]: row for row in rows(_first_table(page))}
    assert list(summary) == ["Leads", "MQLs", "Accepted", "SQLs", "Won"]
    assert summary["Leads"]["Cohort"] == f"{leads:,}"
    assert summary["MQLs"]["Dated in the period (Overview)"] == overview["MQLs"]
    assert summary["Accepted"]["Dated in the period (Overview)"] == overview["Accepted leads"]
    assert summary["Leads"]["Step conversion"] == "—"
    assert (
        wording.RATES_APART in page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    )


def _first_table(page: Page) -> list[list[str]]:
    return page.evaluate(
        """() => [...document.querySelector('[data-testid="stMain"] .tandem-table table')
            .querySelectorAll('tr')].map(r => [...r.querySelectorAll('th,td')]
            .map(c => c.textContent.trim()))"""
    )


def test_funnel_explains_won_zero_beside_won_revenue(server: Server, page: Page) -> None:
    week = "?period=2026-11-20&period=2026-11-26"
    open_view(page, f"{server.url}/{week}")
    revenue = tiles(page)["Won revenue"]
    open_view(page, f"{server.url}/funnel{week}")
    won = {row["Stage"]: row for row in rows(_first_table(page))}["Won"]
    assert won["Cohort"] == "0"
    note = page.locator('[data-testid="stAlertContentInfo"]').first.inner_text()
    assert note.startswith(
        "No lead of this cohort has been won yet, so won reads 0 % here, while the Overview "
        f"shows {revenue} won revenue for the same filters: those deals closed in the period "
        "but came from leads created before it. Deals closed in the period took "
    )


def test_cells_read_like_tiles_money_rates_and_unknowns(server: Server, page: Page) -> None:
    open_view(page, f"{server.url}/?channel=email")
    page.get_by_text("Every KPI in this view").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.tandem-table th')].some(h => h.innerText === 'KPI')"
    )
    spend = (
        demo_model()
        .dataset.spend.filter(
            pl.col("date").is_between(date(2026, 8, 29), date(2026, 11, 26))
            & (pl.col("channel") == "email")
        )["spend"]
        .sum()
    )
    table = {row["KPI"]: row for row in rows(_kpis(page))}
    assert table["Spend"]["This period"] == f"€{spend:,.2f}"
    rate = table["Acceptance rate"]["This period"]
    assert rate.endswith(" %") and len(rate.split(".")[-1]) == 3  # "73.3 %": one decimal
    assert table["Order revenue"]["This period"] == "—"
    assert table["Order revenue"]["Note"] == "orders cannot be filtered by channel"
    assert "None" not in str(table) and "0.00" not in str(table)


def _kpis(page: Page) -> list[list[str]]:
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] .tandem-table table')]
            .map(t => [...t.querySelectorAll('tr')].map(r => [...r.querySelectorAll('th,td')]
            .map(c => c.textContent.trim()))).find(t => t[0][0] === 'KPI')"""
    )


def test_excel_beside_the_csv_has_the_view_on_its_own_sheet(server: Server, page: Page) -> None:
    open_view(page, f"{server.url}/handoff?launch=Glow+Serum&region=EU")
    with page.expect_download() as started:
        page.get_by_role("button", name="Download Excel").last.click()
    assert started.value.suggested_filename == "tandem-unworked-mqls-2026-08-29-2026-11-26.xlsx"
    book = Path(started.value.path()).read_bytes()
    data = pl.read_excel(io.BytesIO(book), sheet_name="Data")
    assert data.columns[:3] == ["Lead", "MQL since", "Launch"]
    assert set(data["Launch"]) == {"Glow Serum"} and set(data["Region"]) == {"EU"}
    view = dict(pl.read_excel(io.BytesIO(book), sheet_name="View", has_header=False).rows())
    assert view["Launches"] == "Glow Serum" and view["Regions"] == "EU"
    assert view["Data as of"] == "2026-11-27T00:00"
    with page.expect_download() as started:
        page.get_by_role("button", name="Download CSV").last.click()
    text = Path(started.value.path()).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith('"# '))
    first = next(csv.DictReader(io.StringIO(body)))
    assert len(first["mql_at"]) == len("2026-11-20 14:03:59")  # no microseconds
    assert len(first["days_waiting"].split(".")[-1]) <= 2
