"""Every view runs on every engine; record lists are capped alike, and say so.

The conformance test (test_conformance.py) compares every view with polars on the
demo. Here: the KPI values on DuckDB, the hand-made fixture's hand-off numbers on
polars and DuckDB (numbers worked out by hand in tests/kpi/test_handoff.py), record
lists capped at the same rows with the same note, and `Model.facts_for` refusing on
another engine (no view reads fact rows there).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import connectors.demo
from kpi import records
from kpi.engines import on_frames
from kpi.engines.sql import SqlEngine
from kpi.evaluate import evaluate
from kpi.filters import Filters
from kpi.handoff import speed_to_lead, unworked_list
from kpi.model import Model
from kpi.series import time_series
from kpi.table import kpi_table
from tests.kpi.fixtures import MARCH, fixture_frames

FILTERS = Filters(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture(scope="module")
def on_duckdb() -> Model:
    return on_frames("duckdb", connectors.demo.generate(n_leads=500))


def test_the_kpis_run_on_the_engine(on_duckdb: Model) -> None:
    expected = evaluate(on_frames("polars", connectors.demo.generate(n_leads=500)), FILTERS)
    found = evaluate(on_duckdb, FILTERS)
    assert found.keys() == expected.keys() and found["mqls"].value  # MQLs in the quarter
    for kpi, value in expected.items():
        assert (found[kpi].reason, found[kpi].currency) == (value.reason, value.currency)
        if value.value is None:
            assert found[kpi].value is None, kpi
        else:
            assert found[kpi].value == pytest.approx(value.value, rel=1e-9, abs=1e-9), kpi


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_a_capped_speed_list_keeps_the_spread_of_every_touched_mql(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "RECORD_CAP", 2)
    model = on_frames(engine, fixture_frames())  # type: ignore[arg-type]
    got = speed_to_lead(model, MARCH)
    # March MQLs touched: A after 2 h, F after 10 h, B after 48 h; the list keeps two.
    assert (got.median_hours, got.touched) == (10.0, 3)
    assert got.p90_hours == pytest.approx(10 + 0.8 * (48 - 10), rel=1e-12)
    assert got.hours.rows() == [("A", "Ann", "EU", 2.0), ("F", "Ann", "EU", 10.0)]
    assert got.note == "the first 2 of 3 rows (lists are capped at 2 rows)"


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_an_uncapped_list_has_no_note(engine: str) -> None:
    got = speed_to_lead(on_frames(engine, fixture_frames()), MARCH)  # type: ignore[arg-type]
    assert (got.hours.height, got.note) == (3, None)


def test_capped_unworked_mqls_are_the_longest_waiting_on_every_engine(
    on_duckdb: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = on_frames("polars", connectors.demo.generate(n_leads=500))
    view = Filters(reference.last_day - timedelta(days=179), reference.last_day)
    whole = unworked_list(reference, view)
    kpi = kpi_table(reference, view).filter(kpi="unworked_mqls")["value"].item()
    assert whole.total == whole.rows.height == kpi > 3  # the list as the KPI counts it
    monkeypatch.setattr(records, "RECORD_CAP", 3)
    for model in (reference, on_duckdb):
        capped = unworked_list(model, view)
        assert capped.total == whole.total
        assert_frame_equal(capped.rows, whole.rows.head(3), rel_tol=1e-9, abs_tol=1e-9)
        assert capped.note == f"the first 3 of {whole.total} rows (lists are capped at 3 rows)"
    assert whole.rows["hours_waiting"].is_sorted(descending=True)


def test_no_view_reads_fact_rows_on_another_engine(on_duckdb: Model) -> None:
    with pytest.raises(NotImplementedError, match="the tables are in duckdb"):
        on_duckdb.facts_for(FILTERS)
    assert on_duckdb.facts["leads"].height == 0  # its columns only
    assert isinstance(on_duckdb.facts["leads"], pl.DataFrame)


def test_a_daily_snapshot_over_two_years_is_split_into_statements(
    on_duckdb: Model,
) -> None:
    """Open pipeline per day over two years, in several currencies: 731 days of a value
    and its currency bits are more aggregates than one statement may hold (PostgreSQL
    refuses a target list past 1664), so they come in several, and agree with polars."""
    statements: list[str] = []
    engine = on_duckdb.engine
    assert isinstance(engine, SqlEngine) and len(on_duckdb.currencies_of("deals")) > 1

    def recorded(sql: str) -> list[tuple[Any, ...]]:
        statements.append(sql)
        return engine.run(sql)

    model = dataclasses.replace(on_duckdb, engine=dataclasses.replace(engine, run=recorded))
    reference = on_frames("polars", connectors.demo.generate(n_leads=500))
    view = Filters(reference.last_day - timedelta(days=730), reference.last_day, grain="day")
    expected = time_series(reference, view, ["pipeline_value"])
    found = time_series(model, view, ["pipeline_value"])
    assert expected.height == 731 and expected["value"].drop_nulls().len() > 0
    assert_frame_equal(found, expected, rel_tol=1e-9, abs_tol=1e-9)
    snapshots = [s for s in statements if "BIT_OR" in s]
    assert len(snapshots) >= 4  # the view and its comparison, each in two or more
    assert max(s.count("BIT_OR") for s in snapshots) <= 500
