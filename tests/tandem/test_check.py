from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tandem.cli import main
from tests.connectors.conftest import DATASETS, needs_datasets

REPO = Path(__file__).resolve().parents[2]


def _leads(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    path.write_text("lead_id,created_at\nL1,2024-03-01\nL2,someday\n", encoding="utf-8")
    return path


def test_understood_files_exit_0_with_refusals_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(_leads(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "  format: canonical_leads; tables: leads (1 rows)\n" in out
    assert "  rows read 2, kept 1, refused 1\n" in out
    assert "  refused line 3, column 'created_at': 'someday' is not a date" in out


def test_a_file_refused_whole_exits_1_and_json_lists_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("colour,size\nred,9\n", encoding="utf-8")
    assert main(["check", str(_leads(tmp_path)), str(odd), "--json"]) == 1
    results = json.loads(capsys.readouterr().out)
    assert [r["understood"] for r in results] == [True, False]
    assert results[0]["tables"] == {"leads": 1}
    assert results[0]["refusals"] == [
        {"line": 3, "column": "created_at", "reason": "'someday' is not a date"}
    ]
    assert results[1]["error"].startswith(
        "odd.csv: no header row matches a format Tandem understands"
    )
    assert "Google Ads campaign report" in results[1]["error"]


@pytest.mark.parametrize("argv", [[], ["check"], ["check", "--nope", "x.csv"], ["verify", "x"]])
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_a_missing_file_is_refused_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "nope.csv")]) == 1
    assert "REFUSED: cannot read (No such file or directory)" in capsys.readouterr().out


# Range reports without a Day column: each campaign's spend is spread over the range's
# days (3 campaigns x 28 days from 27 March to 23 April; 2 x 24 from 8 to 31 July).
VERDICTS = {
    "google_ads/1123alberto_Clinic_Marketing_Agency__Campaign_report.csv": (
        "google_ads",
        {"spend": 3 * 28},
    ),
    "google_ads/VishalMotling_campaign-performance-analyzer__Campaign_report.csv": (
        "google_ads",
        {"spend": 2 * 24},
    ),
    "maven_crm/accounts.csv": ("maven_accounts", {}),
    "maven_crm/products.csv": ("maven_products", {}),
    "maven_crm/sales_pipeline.csv": ("maven_pipeline", {"deals": 8300}),
    "maven_crm/sales_teams.csv": ("maven_sales_teams", {}),
    "olist/hiflylabs_semicolon_olist_marketing_closed_deals_dataset.csv": (
        "olist_closed_deals",
        {"deals": 842},
    ),
    "olist/hiflylabs_semicolon_olist_marketing_qualified_leads_dataset.csv": (
        "olist_mql",
        {"leads": 8000},
    ),
    "olist/mohithchava_mdy_olist_closed_deals_dataset.csv": ("olist_closed_deals", {"deals": 380}),
    "olist/mohithchava_mdy_olist_marketing_qualified_leads_dataset.csv": (
        "olist_mql",
        {"leads": 8000},
    ),
    "olist/olist_closed_deals_dataset.csv": ("olist_closed_deals", {"deals": 842}),
    "olist/olist_marketing_qualified_leads_dataset.csv": ("olist_mql", {"leads": 8000}),
}


@needs_datasets
def test_every_real_export_gets_its_verdict_and_the_pivot_makes_it_exit_1() -> None:
    files = sorted(p for p in DATASETS.rglob("*") if p.is_file() and p.suffix == ".csv")
    done = subprocess.run(
        [sys.executable, "-m", "tandem", "check", *map(str, files), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    results = {
        Path(r["file"]).resolve().relative_to(DATASETS.resolve()).as_posix(): r
        for r in json.loads(done.stdout)
    }
    pivot = results.pop(
        "sheets_pivot/gauravmkh_CRM-Sales-Opportunities__sales_pipeline_pivot_export.csv"
    )
    assert not pivot["understood"]
    assert "looks like a pivot table" in pivot["error"]
    assert "Tandem understands: Google Ads campaign report" in pivot["error"]
    assert {name: (r["format"], r["tables"]) for name, r in results.items()} == VERDICTS
