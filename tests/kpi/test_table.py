"""The KPI table: its columns, comparison and deltas, notes for what a filter leaves out."""

from __future__ import annotations

import polars as pl

from kpi.catalog import CATALOG
from kpi.filters import Filters
from kpi.model import Model
from kpi.table import COLUMNS, kpi_table
from tests.kpi.fixtures import MARCH


def row(table: pl.DataFrame, kpi_id: str) -> dict[str, object]:
    return table.row(by_predicate=pl.col("kpi") == kpi_id, named=True)


def test_columns_dtypes_and_order(model: Model) -> None:
    table = kpi_table(model, MARCH)
    assert dict(table.schema) == COLUMNS
    assert list(COLUMNS) == [
        "kpi", "label", "department", "unit", "better", "value", "currency", "comparison",
        "delta", "delta_pct", "target", "expected_to_date", "projected", "status", "note",
    ]  # fmt: skip
    assert table["kpi"].to_list() == [kpi.id for kpi in CATALOG]


def test_descriptive_columns_come_from_the_catalog(model: Model) -> None:
    assert row(kpi_table(model, MARCH), "cost_per_mql") | {"value": None} == {
        "kpi": "cost_per_mql",
        "label": "Cost per MQL",
        "department": "marketing",
        "unit": "money",
        "currency": None,  # the fixture's amounts name no currency
        "better": "down",
        "value": None,
        "comparison": 50.0,  # February: spend 50 for MQL G
        "delta": 30.0,
        "delta_pct": 30.0 / 50.0,
        "target": None,
        "expected_to_date": None,
        "projected": None,
        "status": "no target",
        "note": None,
    }


def test_no_comparison_leaves_comparison_and_deltas_null(model: Model) -> None:
    table = kpi_table(model, MARCH.narrowed(compare="none"))
    assert table.select("comparison", "delta", "delta_pct").null_count().row(0) == (34, 34, 34)


def test_delta_pct_is_null_when_the_comparison_is_zero(model: Model) -> None:
    spend = row(kpi_table(model, MARCH), "unworked_mqls")
    assert (spend["value"], spend["comparison"], spend["delta"]) == (1.0, 0.0, 1.0)
    assert spend["delta_pct"] is None


def test_a_segment_filter_leaves_spend_out_and_says_why(model: Model) -> None:
    table = kpi_table(model, MARCH.narrowed(segments=("salon",)))
    spend = row(table, "cost_per_mql")
    assert (spend["value"], spend["comparison"]) == (None, None)
    assert spend["note"] == "spend cannot be filtered by segment"
    assert row(table, "mqls")["value"] == 3.0  # A C F are salons


def test_revenue_target_status(model: Model) -> None:
    revenue = row(kpi_table(model, MARCH), "revenue")
    assert (revenue["target"], revenue["expected_to_date"], revenue["projected"]) == (
        6200.0,
        6200.0,
        4950.0,
    )
    assert revenue["status"] == "behind"
    # Per launch: L1 revenue in March is D1 1000 + orders 100 + 20 + 150.
    l1 = row(kpi_table(model, MARCH.narrowed(launches=("L1",))), "revenue")
    assert (l1["value"], l1["target"]) == (1270.0, 3100.0)


def test_a_future_view_has_no_nan_and_no_status(model: Model) -> None:
    table = kpi_table(
        model, Filters(start=MARCH.end.replace(year=2031), end=MARCH.end.replace(year=2031))
    )
    floats = table.select(pl.selectors.float())
    assert not any(floats.select(pl.all().is_nan().any()).row(0))
    assert not any(floats.select(pl.all().is_infinite().any()).row(0))
    assert set(table["status"]) == {"no target"}
