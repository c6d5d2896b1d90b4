"""Every engine gives every view polars gives, on the demo brand's data.

The KPI table, the series of every KPI (with its comparison), the funnel (whole and by
channel) and the rejection reasons, the hand-off (speed to lead, SLA by rep and by
region, unworked MQLs), breakdowns by campaign and by every dimension, and the launch
overlay. Counts must be equal; money, rates, hours and days equal to 1e-9 (a database
may add floats in another order); text (currency, status, notes and reasons) and the
order of rows equal. Views: the year to date with its previous period, a launch and a
region with last year, a segment by day, and a view past the data's end. Both in one
reporting currency (the demo as the app reads it) and in the sources' own currencies,
where money KPIs over two currencies must have no value, with the same reason, on
every engine, and where some spend is an estimate, which spend KPIs must say on every
engine.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import polars as pl
import pytest

import connectors.demo
from kpi.breakdown import breakdown
from kpi.catalog import BY_ID, CATALOG
from kpi.dimensions import registry
from kpi.estimates import ESTIMATE_NOTE
from kpi.filters import Filters
from kpi.funnel import funnel, rejection_reasons
from kpi.handoff import sla_by, speed_to_lead, unworked_list
from kpi.launch_relative import launch_relative
from kpi.model import Model
from kpi.periods import data_through
from kpi.series import time_series
from kpi.table import kpi_table
from tandem.sources import read_sources
from tests.kpi.engines.conftest import ENGINES, Build, on_polars

DATASETS = ("reporting currency", "own currencies")
# Spark takes about a second a statement on two cores, some seventy statements a view:
# it runs the smaller, harder data set, on the first two views (the year to date with
# estimated spend; a launch and a region against last year). Its SQL is the other
# engines' (kpi/engines/sql.py), written in its dialect.
CASES = [(e, d) for e in ENGINES for d in DATASETS if e != "spark" or d == "own currencies"]
SPARK_VIEWS = slice(0, 2)


@pytest.fixture(scope="module")
def datasets() -> dict[str, dict[str, pl.DataFrame]]:
    return {
        "reporting currency": read_sources(None).tables(),
        "own currencies": with_estimates(connectors.demo.generate(n_leads=3000)),
    }


def with_estimates(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Spend of odd days in early 2026 estimated: some views hold an estimate, some not."""
    odd = (pl.col("date") < date(2026, 4, 1)) & (pl.col("date").dt.day() % 2 == 1)
    return {**frames, "spend": frames["spend"].with_columns(estimated=odd)}


def views(model: Model) -> list[Filters]:
    through = data_through(model)
    assert through is not None
    last = model.last_day
    launch = model.launch_ids()[0]
    return [
        Filters(
            date(last.year, 1, 1) if last.month > 3 else last.replace(day=1),
            last,
            data_through=through,
        ),
        Filters(
            last.replace(day=1),
            last,
            compare="last_year",
            data_through=through,
            launches=(launch,),
            regions=("EU",),
        ),
        Filters(
            last.replace(month=1, day=1),
            last,
            grain="day",
            data_through=through,
            segments=("salon",),
        ),
        Filters(last.replace(day=1), date(last.year + 1, 1, 31), data_through=through),
    ]


def same(expected: Any, found: Any, count: bool) -> bool:
    if isinstance(expected, float) and isinstance(found, float) and not count:
        return math.isclose(expected, found, rel_tol=1e-9, abs_tol=1e-9)
    return bool(expected == found)


COUNT_COLUMNS = {"count", "mqls", "touched_within_sla", "due", "unworked", "touched"}


def differences(expected: pl.DataFrame, found: pl.DataFrame, view: str = "kpi table") -> list[str]:
    """Each cell that differs, by row: counts exactly, other numbers to 1e-9, text equal.

    A count is a column of counts, or the value of a KPI whose unit is count (in the
    table and the series by its row, in a breakdown by its column).
    """
    assert expected.schema == found.schema, view
    assert expected.height == found.height, (view, expected.height, found.height)
    pairs = zip(expected.iter_rows(named=True), found.iter_rows(named=True), strict=True)
    return [
        f"{view} row {index} {column}: polars {want[column]!r}, engine {got[column]!r}"
        for index, (want, got) in enumerate(pairs)
        for column in expected.columns
        if not same(want[column], got[column], _counts(want, column))
    ]


def _counts(row: dict[str, Any], column: str) -> bool:
    if column in COUNT_COLUMNS or (column in BY_ID and BY_ID[column].unit == "count"):
        return True
    unit = row.get("unit") or (BY_ID[row["kpi"]].unit if "kpi" in row else None)
    return column in ("value", "comparison") and unit == "count"


# Every kind of aggregate and the combining rule across tables and currencies.
OVERLAY_KPIS = ("mqls", "cost_per_mql", "revenue", "speed_to_lead_hours", "customers", "roas")
PER_ROW = tuple(k.id for k in CATALOG if k.versus_target_of is None)


def every_view(model: Model, filters: Filters) -> dict[str, pl.DataFrame]:
    """Every view of the app for `filters`, as frames (a hand-off summary as one row)."""
    speed = speed_to_lead(model, filters)
    unworked = unworked_list(model, filters)
    summary = {
        "median_hours": [speed.median_hours],
        "p90_hours": [speed.p90_hours],
        "touched": [speed.touched],
        "reason": [speed.reason],
        "note": [speed.note],
        "unworked": [unworked.total],
    }
    found = {
        "kpi table": kpi_table(model, filters),
        "series": time_series(model, filters, [k.id for k in CATALOG]),
        "funnel": funnel(model, filters),
        "funnel by channel": funnel(model, filters, "channel"),
        "rejection reasons": rejection_reasons(model, filters),
        "speed to lead": pl.DataFrame(summary),
        "speed to lead hours": speed.hours,
        "speed to lead bars": speed.bars,
        "sla by owner": sla_by(model, filters, "owner"),
        "sla by region": sla_by(model, filters, "region"),
        "unworked mqls": unworked.rows,
    }
    for column in ("campaign", *(d.column for d in registry())):
        found[f"breakdown by {column}"] = breakdown(model, filters, column, PER_ROW)
    for kpi_id in OVERLAY_KPIS:
        found[f"launch overlay of {kpi_id}"] = launch_relative(model, filters, kpi_id)
    return found


@pytest.mark.parametrize(("engine_name", "dataset"), CASES)
def test_every_view_is_the_same_on_every_engine(
    engine_name: str, build: Build, dataset: str, datasets: dict[str, dict[str, pl.DataFrame]]
) -> None:
    frames = datasets[dataset]
    reference = on_polars(frames)
    model = build(frames)
    assert model.engine is not None and model.engine.name == engine_name.split("-")[0]
    assert (model.first_day, model.last_day) == (reference.first_day, reference.last_day)
    assert model.provided == reference.provided
    assert model.table_currencies == reference.table_currencies
    assert model.launch_ids() == reference.launch_ids()
    notes = set()
    chosen = views(reference)
    for filters in chosen[SPARK_VIEWS] if engine_name == "spark" else chosen:
        expected, found = every_view(reference, filters), every_view(model, filters)
        assert expected["kpi table"]["value"].null_count() < expected["kpi table"].height
        for view, frame in expected.items():
            assert differences(frame, found[view], view) == [], filters
        notes.update(expected["kpi table"]["note"].drop_nulls())
        # Views of this data with rows in them: a comparison of empty frames proves nothing.
        assert all(not expected[v].is_empty() for v in ("series", "funnel", "sla by owner"))
    assert (ESTIMATE_NOTE in notes) == (dataset == "own currencies")
