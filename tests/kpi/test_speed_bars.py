"""Speed to lead's histogram: round-width bars over every touched MQL, the longest waits
gathered in the last bar (kpi/speed_bars.py)."""

from __future__ import annotations

import polars as pl
import pytest

from kpi.filters import Filters
from kpi.handoff import speed_to_lead
from kpi.model import Model
from kpi.speed_bars import BAR_COLUMNS, bar_hours, bars
from tests.kpi.fixtures import MARCH


@pytest.mark.parametrize(
    ("p90", "sla", "expected"),
    [
        (41.6, 24.0, (5.0, 125.0)),  # reaches 124.8 h: 40 bars would be 3.1 h, so 5 h
        (None, 24.0, (2.0, 72.0)),  # no p90: three SLAs
        (3.0, 24.0, (2.0, 48.0)),  # never less than two SLAs
        (0.4, 1.0, (0.05, 2.0)),
    ],
)
def test_bars_are_a_round_number_of_hours_wide(
    p90: float | None, sla: float, expected: tuple[float, float]
) -> None:
    width, last = bar_hours(p90, sla)
    assert (width, last) == pytest.approx(expected, rel=1e-12)
    assert last / width <= 40


def test_every_touched_mql_is_in_one_bar(model: Model) -> None:
    # March MQLs touched: A after 2 h, F after 10 h, B after 48 h; p90 40.4 h, SLA 24 h:
    # bars 5 h wide up to 125 h.
    got = speed_to_lead(model, MARCH)
    assert dict(got.bars.schema) == BAR_COLUMNS
    assert got.bars.rows() == [(0.0, 5.0, 1), (10.0, 15.0, 1), (45.0, 50.0, 1)]


def test_the_last_bar_gathers_every_longer_wait(model: Model) -> None:
    # SLA 10 h, p90 3 h: bars of 0.5 h up to 20 h. A (2 h) and F (10 h) start their bars;
    # B (48 h) is in the last one, drawn from 20 h.
    view = MARCH.narrowed(sla_hours=10.0)
    touched = (
        view.period.contains("mql_at", pl.Datetime("us")) & pl.col("first_touch_at").is_not_null()
    )
    assert bars(model, view, touched, p90_hours=3.0).rows() == [
        (2.0, 2.5, 1),
        (10.0, 10.5, 1),
        (20.0, 20.5, 1),
    ]


def test_no_touched_mql_no_bars(model: Model) -> None:
    assert speed_to_lead(model, MARCH.narrowed(launches=("L2",))).bars.is_empty()


def test_bars_follow_the_view(model: Model) -> None:
    ann = speed_to_lead(model, Filters(start=MARCH.start, end=MARCH.end, regions=("EU",)))
    assert ann.bars["mqls"].sum() == ann.touched
