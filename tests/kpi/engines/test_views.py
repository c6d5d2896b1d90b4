"""Which views run where: on another engine the KPI table and `evaluate` run; every view
that still reads the fact rows (series, funnel, hand-off, breakdowns) refuses by name
rather than show an empty view as if the data had none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

import connectors.demo
from kpi.breakdown import breakdown
from kpi.engines import on_frames
from kpi.evaluate import evaluate
from kpi.filters import Filters
from kpi.funnel import funnel
from kpi.handoff import speed_to_lead, unworked_mqls
from kpi.model import Model
from kpi.series import time_series

FILTERS = Filters(date(2026, 1, 1), date(2026, 3, 31))
POLARS_ONLY: dict[str, Callable[[Model], object]] = {
    "series": lambda m: time_series(m, FILTERS, ["mqls"]),
    "funnel": lambda m: funnel(m, FILTERS),
    "speed to lead": lambda m: speed_to_lead(m, FILTERS),
    "unworked MQLs": lambda m: unworked_mqls(m, FILTERS),
    "breakdown": lambda m: breakdown(m, FILTERS, "channel", ["mqls"]),
}


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


@pytest.mark.parametrize("view", list(POLARS_ONLY))
def test_views_over_fact_rows_refuse_by_name(on_duckdb: Model, view: str) -> None:
    refusal = "computed by polars only; the tables are in duckdb"
    with pytest.raises(NotImplementedError, match=refusal):
        POLARS_ONLY[view](on_duckdb)
