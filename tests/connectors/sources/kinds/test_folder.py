from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from connectors import combine, read_source
from connectors.health import DataHealth
from connectors.sources.config import SourceConfig
from connectors.sources.kinds.folder import read_folder
from contract.dataset import Dataset
from contract.schema import check_frame
from kpi import catalog
from kpi.evaluate import evaluate
from kpi.filters import Filters
from kpi.model import prepare
from tests.connectors.conftest import DATASETS, needs_datasets

OLIST = DATASETS / "olist"


def _csv_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["mql_id"] for row in csv.DictReader(handle)]


@needs_datasets
def test_the_olist_folder_loads_8000_leads_and_842_won_deals(tmp_path: Path) -> None:
    source = SourceConfig(name="Olist", kind="folder", path=OLIST)
    read = read_source(source, credentials=None, snapshot_dir=tmp_path)
    assert read.health.error is None
    tables = combine([read])
    assert all(check_frame(name, frame) == [] for name, frame in tables.items())
    leads, deals = tables["leads"], tables["deals"]
    assert leads.height == 8000
    assert deals.filter(pl.col("is_won")).height == 842

    # The same rate counted independently, with the csv module on the original files.
    mqls = set(_csv_ids(OLIST / "olist_marketing_qualified_leads_dataset.csv"))
    won = set(_csv_ids(OLIST / "olist_closed_deals_dataset.csv")) & mqls
    assert (len(mqls), len(won)) == (8000, 842)
    assert leads.filter(pl.col("won_at").is_not_null()).height == len(won)

    model = prepare(Dataset.from_frames(tables))
    filters = Filters(start=model.first_day, end=model.last_day)
    rate = evaluate(model, filters, [catalog.get("mql_to_won_rate")])["mql_to_won_rate"]
    assert rate.value == len(won) / len(mqls)
    assert f"{rate.value:.6f}" == "0.105250"


@needs_datasets
def test_variants_in_one_folder_are_counted_once_with_a_warning_naming_the_files() -> None:
    health = DataHealth("Olist")
    tables, checksum = read_folder(OLIST, health)
    assert tables["leads"].height == 8000 and tables["deals"].height == 842
    assert health.rows_read == 3 * 8000 + 842 + 842 + 380
    assert health.rows_kept == 8000 + 842
    assert health.rows_refused == 0
    assert (
        "leads: 16000 row(s) repeat records already read from another file in this folder "
        "(hiflylabs_semicolon_olist_marketing_qualified_leads_dataset.csv, "
        "mohithchava_mdy_olist_marketing_qualified_leads_dataset.csv, "
        "olist_marketing_qualified_leads_dataset.csv); each record is counted once, "
        "from the first file in name order"
    ) in health.warnings
    assert len(checksum) == 64


def test_a_folder_with_a_refused_file_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a_leads.csv").write_text(
        "lead_id,created_at\nL1,2024-03-01\nL2,2024-03-02\n", encoding="utf-8"
    )
    (tmp_path / "b_leads.csv").write_text("lead_id,created_at\nL2,2024-03-09\n", encoding="utf-8")
    (tmp_path / "pivot.csv").write_text("Count of id,Q1\nGrand Total,3\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an export", encoding="utf-8")
    health = DataHealth("exports")
    tables, _ = read_folder(tmp_path, health)
    assert tables["leads"]["lead_id"].to_list() == ["L1", "L2"]
    assert tables["leads"]["created_at"].dt.day().to_list() == [1, 2]
    assert health.warnings[0].startswith("pivot.csv refused whole: pivot.csv looks like a pivot")
    assert (
        "leads: 1 row(s) repeat records already read from another file in this folder"
        in (health.warnings[1])
    )
    assert (health.rows_read, health.rows_kept) == (3, 2)


@needs_datasets
def test_maven_folder_fills_deal_regions_from_the_sales_teams_file() -> None:
    health = DataHealth("Maven")
    tables, _ = read_folder(DATASETS / "maven_crm", health)
    deals = tables["deals"]
    assert set(tables) == {"deals"}
    with (DATASETS / "maven_crm" / "sales_teams.csv").open(encoding="utf-8", newline="") as handle:
        offices = {row["sales_agent"]: row["regional_office"] for row in csv.DictReader(handle)}
    expected = [offices.get(owner) for owner in deals["owner"].to_list()]
    assert deals["region"].to_list() == expected
    assert deals["region"].null_count() == 0
