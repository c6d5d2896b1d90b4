"""Every page in a real browser: shared links, downloads, uploads, screenshots."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import VIEWPORT, Server
from tests.e2e.tandem import (
    click_button,
    go_to,
    html_tables,
    numbers,
    open_view,
    rows,
    screenshot,
    settle,
    table_after,
    tiles,
    upload,
)

pytestmark = pytest.mark.browser
DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"
# path → (title, tables on screen for VIEW)
PAGES = {
    "": ("Overview", 2),
    "funnel": ("Funnel", 3),
    "launches": ("Launches", 0),
    "handoff": ("Hand-off", 3),
    "data": ("Data", 1),
    "definitions": ("Definitions", 1),
}
VIEW = "?launch=Silk+Hair+Oil&period=2026-07-01&period=2026-09-30&region=EU&grain=month"


@pytest.mark.parametrize("path", list(PAGES))
def test_shared_link_on_every_page_reproduces_its_numbers(
    server: Server, page: Page, browser: Browser, path: str
) -> None:
    link = f"{server.url}/{path}{VIEW}"
    open_view(page, link)
    title, tables = PAGES[path]
    assert page.locator('[data-testid="stMain"] h1').inner_text().strip() == title
    page.wait_for_timeout(500)
    first = numbers(page, tables=tables)
    assert len(first["tables"]) == tables  # type: ignore[arg-type]
    assert first["tables"] or first.get("tiles") or first["text"], "the page shows no numbers"
    screenshot(page, f"page-{title.lower()}")
    other = browser.new_context(viewport=VIEWPORT)
    second = other.new_page()
    open_view(second, link)
    second.wait_for_timeout(500)
    assert numbers(second, tables=tables) == first
    other.close()


def test_downloaded_csv_equals_the_table_on_screen(server: Server, page: Page) -> None:
    open_view(page, f"{server.url}/handoff{VIEW}")
    reps = rows(table_after(page, "SLA by rep"))
    with page.expect_download() as started:
        page.get_by_role("button", name="Download CSV").nth(1).click()
    assert started.value.suggested_filename == "tandem-sla-by-rep-2026-07-01-2026-09-30.csv"
    text = Path(started.value.path()).read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("# ")]
    assert "launch=SILK-HAIR-OIL" in comments[0] and "region=EU" in comments[0]
    body = "\n".join(x for x in text.splitlines() if not x.startswith("# "))
    downloaded = list(csv.DictReader(io.StringIO(body)))
    assert list(reps[0])[:4] == ["Rep", "MQLs", "Touched within SLA", "Due"]
    assert len(downloaded) == len(reps) >= 3
    for shown, row in zip(reps, downloaded, strict=True):
        # The same rows in the same order; the screen formats what the file keeps exact.
        assert shown["Rep"] == row["owner"]
        assert shown["MQLs"] == f"{int(row['mqls']):,}"
        assert shown["Follow-up SLA met"] == f"{float(row['sla_met_rate']) * 100:.1f} %"
        assert len(row["sla_met_rate"].split(".")[-1]) <= 4  # rates to 4 decimals
        # One decimal on screen, two in the file: the same number, rounded twice.
        assert shown["Median speed to lead"].endswith(" h")
        assert abs(float(shown["Median speed to lead"][:-2]) - float(row["median_hours"])) <= 0.051


@pytest.mark.skipif(not DATASETS.exists(), reason="../shared/datasets is not beside this checkout")
def test_upload_of_a_real_google_ads_report_reaches_the_overview(
    server: Server, page: Page
) -> None:
    report = (
        DATASETS / "google_ads" / "VishalMotling_campaign-performance-analyzer__Campaign_report.csv"
    )
    # The report covers 8-31 July without a Day column: its spend is spread over those days.
    open_view(page, f"{server.url}/?launch=%28unassigned%29&period=2025-07-08&period=2025-07-31")
    assert tiles(page)["Spend"] == "€0.00"
    go_to(page, "Data")
    upload(page, report)
    page.get_by_text("What using these files changes").wait_for()
    found = html_tables(page)
    assert any("Google ads" in row or "google_ads" in row for grid in found for row in grid)
    click_button(page, "Use these files in this session")
    settle(page)
    assert "1 uploaded file(s)" in page.locator('[data-testid="stSidebar"]').inner_text()
    go_to(page, "Overview")
    assert tiles(page)["Spend"] == "€2,566"


HOSTILE_SPEND = (
    "date,launch_id,channel,campaign,platform,region,spend,impressions,clicks,conversions,"
    "conversion_value,currency\n"
    '2026-11-20,GLOW-SERUM,paid_social,"=HYPERLINK(""http://x"",""y"")",'
    "Meta Ads,EU,-50.00,0,0,0,0,EUR\n"
    "2026-11-20,GLOW-SERUM,paid_social,-Refund note,Meta Ads,EU,120.50,1000,10,0,0,EUR\n"
)


def test_formula_campaign_is_neutralised_and_negative_spend_stays_a_number(
    server: Server, page: Page, tmp_path: Path
) -> None:
    export = tmp_path / "hostile_spend.csv"
    export.write_text(HOSTILE_SPEND, encoding="utf-8")
    open_view(
        page, f"{server.url}/data?launch=Glow+Serum&period=2026-11-20&period=2026-11-20&region=EU"
    )
    upload(page, export)
    click_button(page, "Use these files in this session")
    go_to(page, "Overview")
    on_screen = [row[0] for grid in html_tables(page) for row in grid]
    assert '=HYPERLINK("http://x","y")' in on_screen  # shown as text, never run
    with page.expect_download() as started:
        page.get_by_role("button", name="Download CSV").first.click()
    assert started.value.suggested_filename == "tandem-campaigns-2026-11-20-2026-11-20.csv"
    text = Path(started.value.path()).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    downloaded = {row["campaign"]: row for row in csv.DictReader(io.StringIO(body))}
    assert downloaded['\'=HYPERLINK("http://x","y")']["spend"] == "-50.0"
    assert downloaded["'-Refund note"]["spend"] == "120.5"
    assert not any(name.startswith(("=", "+", "-", "@")) for name in downloaded)
