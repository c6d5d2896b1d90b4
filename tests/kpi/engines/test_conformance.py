"""Every engine gives the KPI table polars gives, on the demo brand's data.

Counts must be equal; money, rates, hours and days equal to 1e-9 (a database may add
floats in another order); text (currency, status, notes and reasons) equal. Views:
the default 90 days with its previous period, a launch and a region with last year,
a segment, and a view past the data's end. Both in one reporting currency (the demo
as the app reads it) and in the sources' own currencies, where money KPIs over two
currencies must have no value, with the same reason, on every engine, and where some
spend is an estimate, which spend KPIs must say on every engine.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import polars as pl
import pytest

import connectors.demo
from kpi.estimates import ESTIMATE_NOTE
from kpi.filters import Filters
from kpi.model import Model
from kpi.periods import data_through
from kpi.table import kpi_table
from tandem.sources import read_sources
from tests.kpi.engines.conftest import ENGINES, Build, on_polars

DATASETS = ("reporting currency", "own currencies")
# Spark takes about ten seconds a view on two cores: it runs the smaller, harder data set.
CASES = [(e, d) for e in ENGINES for d in DATASETS if e != "spark" or d == "own currencies"]


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
        Filters(last.replace(month=1, day=1), last, data_through=through, segments=("salon",)),
        Filters(last.replace(day=1), date(last.year + 1, 1, 31), data_through=through),
    ]


def same(expected: Any, found: Any, unit: str) -> bool:
    if isinstance(expected, float) and isinstance(found, float) and unit != "count":
        return math.isclose(expected, found, rel_tol=1e-9, abs_tol=1e-9)
    return bool(expected == found)


def differences(expected: pl.DataFrame, found: pl.DataFrame) -> list[str]:
    assert expected.columns == found.columns and expected.height == found.height
    pairs = zip(expected.iter_rows(named=True), found.iter_rows(named=True), strict=True)
    return [
        f"{want['kpi']}.{column}: polars {want[column]!r}, engine {got[column]!r}"
        for want, got in pairs
        for column in expected.columns
        if not same(want[column], got[column], want["unit"])
    ]


@pytest.mark.parametrize(("engine_name", "dataset"), CASES)
def test_the_kpi_table_is_the_same_on_every_engine(
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
    for filters in views(reference):
        expected, found = kpi_table(reference, filters), kpi_table(model, filters)
        assert expected["value"].null_count() < expected.height  # the view has numbers
        assert differences(expected, found) == [], filters
        notes.update(expected["note"].drop_nulls())
    assert (ESTIMATE_NOTE in notes) == (dataset == "own currencies")
