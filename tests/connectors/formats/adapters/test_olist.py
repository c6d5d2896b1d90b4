from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from connectors.formats.export import read_export
from connectors.health import DataHealth
from tests.connectors.conftest import DATASETS, needs_datasets, only

OLIST = DATASETS / "olist"
MQL = {
    "original": "olist_marketing_qualified_leads_dataset.csv",
    "semicolon": "hiflylabs_semicolon_olist_marketing_qualified_leads_dataset.csv",
    "us_dates": "mohithchava_mdy_olist_marketing_qualified_leads_dataset.csv",
}
DEALS = {
    "original": "olist_closed_deals_dataset.csv",
    "semicolon": "hiflylabs_semicolon_olist_marketing_closed_deals_dataset.csv",
    "us_dates": "mohithchava_mdy_olist_closed_deals_dataset.csv",
}


def _read(name: str, table: str) -> tuple[pl.DataFrame, DataHealth]:
    health = DataHealth(name)
    frame = only(read_export(name, (OLIST / name).read_bytes(), health), table)
    return frame, health


def _ids(name: str) -> set[str]:
    with (OLIST / name).open(encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    rows = list(csv.reader(text.splitlines(), delimiter=";" if ";" in text[:200] else ","))
    return {r[0] for r in rows[1:] if r}


@needs_datasets
@pytest.mark.parametrize("variant", MQL)
def test_every_mql_variant_gives_the_same_8000_leads(variant: str) -> None:
    leads, health = _read(MQL[variant], "leads")
    assert leads.height == 8000
    assert set(leads["lead_id"]) == _ids(MQL["original"])
    assert (health.format, health.rows_refused) == ("olist_mql", 0)
    assert leads["mql_at"].equals(leads["created_at"], check_names=False)
    assert leads["launch_id"].unique().to_list() == ["(unassigned)"]


@needs_datasets
@pytest.mark.parametrize("variant", DEALS)
def test_every_closed_deal_variant_reads_all_its_won_deals(variant: str) -> None:
    deals, health = _read(DEALS[variant], "deals")
    assert set(deals["deal_id"]) == _ids(DEALS[variant])
    assert deals.height == {"original": 842, "semicolon": 842, "us_dates": 380}[variant]
    assert deals["is_won"].all() and deals["amount"].null_count() == deals.height
    assert deals["lead_id"].equals(deals["deal_id"], check_names=False)
    assert health.rows_refused == 0


@needs_datasets
def test_the_variants_agree_on_dates_to_the_minute() -> None:
    first = _read(DEALS["original"], "deals")[0].select("deal_id", "closed_at")
    for variant in ("semicolon", "us_dates"):
        other = _read(DEALS[variant], "deals")[0].select("deal_id", "closed_at")
        joined = first.join(other, on="deal_id", suffix="_other")
        assert joined.height == other.height
        assert (
            joined["closed_at"]
            .dt.truncate("1m")
            .equals(joined["closed_at_other"], check_names=False)
        )
    lead = _read(MQL["us_dates"], "leads")[0].filter(
        pl.col("lead_id") == "8c18d1de7f67e60dbd64e3c07d7e9d5d"
    )
    assert lead["created_at"].to_list() == [datetime(2017, 10, 20)]


@needs_datasets
def test_channels_are_one_vocabulary_across_variants() -> None:
    original = _read(MQL["original"], "leads")[0]
    damaged = _read(MQL["semicolon"], "leads")[0]
    assert set(damaged["channel"].drop_nulls()) == set(original["channel"].drop_nulls())
    assert original.filter(pl.col("lead_id") == "8c18d1de7f67e60dbd64e3c07d7e9d5d")[
        "channel"
    ].to_list() == ["paid_search"]


@needs_datasets
def test_the_health_record_says_what_the_deal_file_lacks() -> None:
    _, health = _read(DEALS["original"], "deals")
    assert any("declared_monthly_revenue is a placeholder" in w for w in health.warnings)
    assert any("created_at is the won date" in w for w in health.warnings)


def test_an_inline_closed_deal_file(tmp_path: Path) -> None:
    text = "mql_id,seller_id,won_date\nm1,s1,2018-02-26 19:58:54\nm2,s2,\n"
    health = DataHealth("d")
    deals = only(read_export("d.csv", text.encode(), health), "deals")
    assert deals.select("deal_id", "lead_id", "closed_at", "created_at", "source").rows() == [
        (
            "m1",
            "m1",
            datetime(2018, 2, 26, 19, 58, 54),
            datetime(2018, 2, 26, 19, 58, 54),
            "marketing",
        )
    ]
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (3, "won_date", "no won date: a closed deal needs one")
    ]
