from __future__ import annotations

import csv

import polars as pl

from connectors.formats.export import read_export
from connectors.health import DataHealth
from tests.connectors.conftest import DATASETS, needs_datasets, only

MAVEN = DATASETS / "maven_crm"


def _pipeline_rows() -> list[dict[str, str]]:
    with (MAVEN / "sales_pipeline.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@needs_datasets
def test_pipeline_into_deals_with_prospects_refused_by_reason() -> None:
    health = DataHealth("maven")
    data = (MAVEN / "sales_pipeline.csv").read_bytes()
    deals = only(read_export("sales_pipeline.csv", data, health), "deals")
    rows = _pipeline_rows()
    no_engage = [r for r in rows if not r["engage_date"]]
    assert health.format == "maven_pipeline"
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (
        len(rows),
        len(rows) - len(no_engage),
        len(no_engage),
    )
    assert {r["deal_stage"] for r in no_engage} == {"Prospecting"}
    assert {r.reason for r in health.refused} == {
        "no value in 'engage_date', needed for created_at"
    }
    won = sum(r["deal_stage"] == "Won" for r in rows)
    lost = sum(r["deal_stage"] == "Lost" for r in rows)
    assert deals["is_won"].sum() == won
    assert deals.filter(pl.col("is_won").not_()).height == lost
    assert deals.filter(pl.col("is_won").is_null())["closed_at"].null_count() == (
        len(rows) - len(no_engage) - won - lost
    )
    assert deals.filter(pl.col("is_won"))["amount"].sum() == sum(
        float(r["close_value"]) for r in rows if r["deal_stage"] == "Won"
    )


@needs_datasets
def test_lookup_files_are_understood_but_load_nothing() -> None:
    for name in ("accounts.csv", "products.csv"):
        health = DataHealth(name)
        assert read_export(name, (MAVEN / name).read_bytes(), health) == {}
        assert health.warnings == [f"{name}: lookup file with no canonical rows; nothing to load"]
