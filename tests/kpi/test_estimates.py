"""Spend spread over a multi-day report's days is said to be an estimate."""

from __future__ import annotations

from datetime import date

import polars as pl

from contract.schema import SPEND
from kpi.estimates import ESTIMATE_NOTE
from kpi.filters import Filters
from kpi.table import kpi_table
from tests.kpi.fixtures import MARCH, SPEND_ROWS, fixture_model, frame


def notes(table: pl.DataFrame) -> dict[str, str | None]:
    return dict(table.select("kpi", "note").iter_rows())


def with_c2_estimated() -> list[dict[str, object]]:
    """The fixture's spend, with c2's 20 March row marked as spread from a range report."""
    return [{**row, "estimated": row.get("campaign") == "c2"} for row in SPEND_ROWS]


def test_spend_kpis_say_they_include_an_estimate() -> None:
    model = fixture_model(spend=frame(SPEND, with_c2_estimated()))
    got = notes(kpi_table(model, MARCH))
    assert got["spend"] == ESTIMATE_NOTE
    assert got["ctr"] == ESTIMATE_NOTE
    assert got["leads"] is None  # not from spend
    assert got["won_revenue"] is None


def test_no_note_where_the_view_has_no_estimated_row() -> None:
    model = fixture_model(spend=frame(SPEND, with_c2_estimated()))
    eu_only = Filters(start=MARCH.start, end=MARCH.end, regions=("EU",))  # c2 is US
    assert notes(kpi_table(model, eu_only))["spend"] is None
    february = Filters(start=date(2025, 2, 1), end=date(2025, 2, 28))
    assert notes(kpi_table(model, february))["spend"] is None


def test_daily_data_has_no_note() -> None:
    assert notes(kpi_table(fixture_model(), MARCH))["spend"] is None
