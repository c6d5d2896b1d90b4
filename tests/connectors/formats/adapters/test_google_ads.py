from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from connectors.formats.export import read_export
from connectors.health import DataHealth
from tests.connectors.conftest import DATASETS, needs_datasets, only, read_text

REPORTS = sorted((DATASETS / "google_ads").glob("*.csv")) if DATASETS.is_dir() else []


def _account_total(path: Path) -> tuple[float, int]:
    """Cost and number of campaign rows, counted with the csv module alone."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    header = rows[2]
    cost = header.index("Cost")
    total = next(r for r in rows if r[0] == "Total: Account")
    campaigns = [r for r in rows[3:] if r and not r[0].startswith("Total:")]
    return float(total[cost].replace(",", "")), len(campaigns)


@needs_datasets
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name[:20])
def test_real_reports_reconcile_with_total_account(path: Path) -> None:
    health = DataHealth(path.name)
    spend = only(read_export(path.name, path.read_bytes(), health), "spend")
    total, campaigns = _account_total(path)
    assert spend.height == campaigns
    assert not spend.filter(spend["campaign"].str.starts_with("Total")).height
    assert round(abs(spend["spend"].sum() - total), 2) <= 0.01  # at cent precision
    assert health.format == "google_ads"
    assert health.rows_refused == 0
    assert not [w for w in health.warnings if "Total: Account' says" in w]


@needs_datasets
def test_real_inr_report_values() -> None:
    path = next(p for p in REPORTS if p.name.startswith("VishalMotling"))
    spend = only(read_export(path.name, path.read_bytes(), DataHealth("g")), "spend")
    first = spend.row(0, named=True)
    assert first["campaign"] == "Video views - 2025-07-19"
    assert first["date"] == date(2025, 7, 8)
    assert first["impressions"] == 25881
    assert first["clicks"] == 20127  # Interactions, as this report has no Clicks column
    assert first["spend"] == pytest.approx(1661.67)
    assert first["currency"] == "INR"
    assert first["channel"] == "video"
    assert first["platform"] == "google_ads"


EUROPEAN = """Campaign report
"1 March 2024 - 2 March 2024"
Day;Campaign;Campaign type;Currency code;Impr.;Clicks;Cost;Conversions
2024-03-01;Glow Serum Search;Search;EUR;"1.200";40;"12,50";2
2024-03-02;Glow Serum Search;Search;EUR;" --";0;"7,25";" --"
2024-03-02;Broken;Search;EUR;10;1;abc;0
Total: Account;;;EUR;1.200;40;"30,00";2
"""


def test_day_rows_decimal_commas_and_a_total_that_does_not_reconcile() -> None:
    frames, health = read_text("ads.csv", EUROPEAN)
    spend = only(frames, "spend")
    assert spend["spend"].to_list() == [12.5, 7.25]  # "1.200" impressions: decimal comma file
    assert spend["impressions"].to_list() == [1200, None]
    assert spend["date"].to_list() == [date(2024, 3, 1), date(2024, 3, 2)]
    assert spend["channel"].to_list() == ["search", "search"]
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (6, "Cost", "'abc' is not a number")
    ]
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (3, 2, 1)
    assert (
        "ads.csv: campaign costs sum to 19.75 but 'Total: Account' says 30.00; "
        "some rows may be missing"
    ) in health.warnings


@needs_datasets
def test_the_excel_flavoured_download_utf16_tabs_reads_the_same() -> None:
    """Google Ads' 'CSV for Excel' is UTF-16 with tabs; same report, same spend."""
    path = next(p for p in REPORTS if p.name.startswith("VishalMotling"))
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    tsv = "\n".join("\t".join(row) for row in rows).encode("utf-16")
    plain = only(read_export(path.name, path.read_bytes(), DataHealth("a")), "spend")
    excel = only(read_export("report.csv", tsv, DataHealth("b")), "spend")
    assert excel.equals(plain)
