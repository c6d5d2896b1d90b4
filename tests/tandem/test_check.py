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


FIXTURES = REPO / "tests" / "fixtures"
VENDOR_VERDICTS = {
    "channel_rules.csv": ("canonical_channel_rules", {"channel_rules": 4}),
    "fx_rates.csv": ("canonical_fx_rates", {"fx_rates": 6}),
    "google_ads_campaigns_de_by_day.csv": ("google_ads", {"spend": 4}),
    "google_ads_campaigns_en_gb.csv": ("google_ads", {"spend": 5 * 28}),
    "google_ads_campaigns_pt_br.csv": ("google_ads", {"spend": 4 * 11}),
    "hubspot_contacts_current_layout.csv": ("hubspot_contacts", {"leads": 6}),
    "hubspot_contacts_legacy_layout.csv": ("hubspot_contacts", {"leads": 3}),
    "hubspot_deals.csv": ("hubspot_deals", {"deals": 5}),
    # two Glow ads add up into one campaign: 2 campaigns x 1,125 days, and one single day
    "meta_ads_ads_no_day_en.csv": ("meta_ads", {"spend": 2 * 1125 + 1}),
    "meta_ads_campaigns_by_day_es.csv": ("meta_ads", {"spend": 3}),
    "meta_ads_campaigns_no_day_pt_br.csv": ("meta_ads", {"spend": 2 * 10}),
    "salesforce_opportunities_multicurrency.csv": ("salesforce_opportunities", {"deals": 7}),
    "shopify_abandoned_checkouts.csv": ("shopify_abandoned_checkouts", {}),
    "shopify_orders_store_eu.csv": ("shopify_orders", {"orders": 4}),
    "shopify_orders_store_us.csv": ("shopify_orders", {"orders": 2}),
}
VENDOR_REFUSALS = {
    "google_ads_campaigns_all_time.csv": "covers 'All time', which names no dates",
    "hubspot_companies.csv": "is a HubSpot companies export",
    "hubspot_contacts_default_view.csv": "nearest is the HubSpot contacts export",
    "pinterest_ads_campaigns.csv": "is a Pinterest Ads report",
    "shopify_analytics_sales_over_time.csv": "is a Shopify Analytics report",
}


def _every_file() -> list[Path]:
    files = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".py"]
    if DATASETS.is_dir():
        files += [p for p in DATASETS.rglob("*") if p.is_file()]
    return sorted(files)


def test_check_never_prints_a_traceback_on_any_fixture_or_real_export() -> None:
    files = _every_file()
    done = subprocess.run(
        [sys.executable, "-m", "tandem", "check", *map(str, files), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert "Traceback" not in done.stderr and done.stderr == ""
    assert done.returncode == 1  # some files are refused whole, by design
    results = {Path(r["file"]).name: r for r in json.loads(done.stdout)}
    assert len(results) == len({p.name for p in files})
    made = {p.name for p in (FIXTURES / "vendors").glob("*.csv")}
    vendors = {n: r for n, r in results.items() if n in made}
    assert set(vendors) == set(VENDOR_VERDICTS) | set(VENDOR_REFUSALS)
    for name, (fmt, tables) in VENDOR_VERDICTS.items():
        assert (vendors[name]["format"], vendors[name]["tables"]) == (fmt, tables), name
    for name, words in VENDOR_REFUSALS.items():
        assert not vendors[name]["understood"] and words in vendors[name]["error"], name


def test_check_piped_into_head_ends_without_a_traceback() -> None:
    files = " ".join(str(p) for p in sorted((FIXTURES / "vendors").glob("*.csv")))
    done = subprocess.run(
        f"{sys.executable} -m tandem check {files} | head -n 2",
        shell=True,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.stdout.count("\n") == 2
    assert done.stderr == ""
