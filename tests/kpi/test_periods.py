"""Periods anchored to the data: presets from its last day, periods that run past it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import polars as pl
import pytest

from contract.dataset import Dataset
from kpi.filters import Filters, Period
from kpi.model import Model, prepare
from kpi.periods import (
    PRESETS,
    data_as_of,
    data_through,
    first_launch_day,
    matching,
    past_data_note,
    resolve,
)
from kpi.table import kpi_table

THURSDAY = date(2026, 11, 26)  # the demo's last day
P = Period


@pytest.mark.parametrize(
    ("preset", "last_day", "expected"),
    [
        # Thursday 26 November 2026: the last full week is Monday 16 to Sunday 22.
        ("last_week", THURSDAY, P(date(2026, 11, 16), date(2026, 11, 22))),
        # A Sunday closes its own week; a Monday's last full week is the one before.
        ("last_week", date(2026, 11, 29), P(date(2026, 11, 23), date(2026, 11, 29))),
        ("last_week", date(2026, 11, 30), P(date(2026, 11, 23), date(2026, 11, 29))),
        # Across a year end: Monday 29 December 2025 to Sunday 4 January 2026.
        ("last_week", date(2026, 1, 6), P(date(2025, 12, 29), date(2026, 1, 4))),
        ("last_4_weeks", THURSDAY, P(date(2026, 10, 30), THURSDAY)),
        ("month", THURSDAY, P(date(2026, 11, 1), THURSDAY)),
        ("month", date(2026, 11, 1), P(date(2026, 11, 1), date(2026, 11, 1))),
        ("quarter", THURSDAY, P(date(2026, 10, 1), THURSDAY)),
        ("quarter", date(2026, 3, 31), P(date(2026, 1, 1), date(2026, 3, 31))),
        ("quarter", date(2026, 4, 1), P(date(2026, 4, 1), date(2026, 4, 1))),
        ("last_90_days", THURSDAY, P(date(2026, 8, 29), THURSDAY)),
    ],
)
def test_presets_count_back_from_the_data_s_last_day(
    preset: str, last_day: date, expected: Period
) -> None:
    assert resolve(preset, last_day=last_day) == expected


def test_since_launch_needs_a_launch_and_runs_to_the_last_day() -> None:
    assert resolve("since_launch", last_day=THURSDAY) is None
    got = resolve("since_launch", last_day=THURSDAY, launch_day=date(2026, 9, 15))
    assert got == P(date(2026, 9, 15), THURSDAY)
    # A launch after the data's last day: its first day, which the data does not reach.
    assert resolve("since_launch", last_day=THURSDAY, launch_day=date(2027, 1, 5)) == P(
        date(2027, 1, 5), date(2027, 1, 5)
    )


def test_the_first_launch_day_of_the_chosen_launches() -> None:
    launches = pl.DataFrame(
        {
            "launch_id": ["A", "B", "C"],
            "launch_date": [date(2026, 3, 1), date(2026, 1, 10), None],
        }
    )
    assert first_launch_day(launches, ["A", "B"]) == date(2026, 1, 10)
    assert first_launch_day(launches, ["C"]) is None
    assert first_launch_day(launches, []) is None


def test_a_period_is_matched_to_the_first_preset_that_gives_it() -> None:
    week = P(date(2026, 11, 16), date(2026, 11, 22))
    assert matching(week, last_day=THURSDAY) == "last_week"
    # On 1 October, month to date and quarter to date are the same day: the first wins.
    first = P(date(2026, 10, 1), date(2026, 10, 1))
    assert matching(first, last_day=date(2026, 10, 1)) == "month"
    assert matching(P(date(2026, 11, 2), date(2026, 11, 3)), last_day=THURSDAY) is None
    assert [p.key for p in PRESETS][-1] == "since_launch"


def test_a_period_past_the_data_is_compared_on_its_elapsed_days() -> None:
    # The case: "Past week" 24 Nov to 1 Dec (8 days), data to Thursday 26 Nov.
    view = Filters(start=date(2026, 11, 24), end=date(2026, 12, 1), data_through=THURSDAY)
    assert view.runs_past_data
    assert view.elapsed == P(date(2026, 11, 24), THURSDAY)
    assert view.comparison_period() == P(date(2026, 11, 16), date(2026, 11, 18))
    last_year = view.narrowed(compare="last_year")
    assert last_year.comparison_period() == P(date(2025, 11, 24), date(2025, 11, 26))
    assert past_data_note(view) == (
        "The period runs past the data, which ends on 26 Nov 2026: its last 5 days have no "
        "data yet, so it is compared on its first 3 days only (16 Nov 2026 to 18 Nov 2026)."
    )


def test_a_period_inside_the_data_or_without_its_end_is_compared_whole() -> None:
    inside = Filters(start=date(2026, 11, 1), end=THURSDAY, data_through=THURSDAY)
    assert not inside.runs_past_data and past_data_note(inside) is None
    assert inside.comparison_period() == P(date(2026, 10, 6), date(2026, 10, 31))
    unknown_end = Filters(start=date(2026, 11, 24), end=date(2026, 12, 1))
    assert unknown_end.comparison_period() == P(date(2026, 11, 16), date(2026, 11, 23))


def test_a_period_after_the_data_has_nothing_to_compare_with() -> None:
    view = Filters(start=date(2026, 11, 30), end=date(2026, 12, 6), data_through=THURSDAY)
    assert view.elapsed is None and view.comparison_period() is None
    assert past_data_note(view) == (
        "The period runs past the data, which ends on 26 Nov 2026: it has no numbers yet "
        "and nothing to compare with."
    )
    one_day = Filters(start=date(2026, 11, 26), end=date(2026, 11, 27), data_through=THURSDAY)
    assert past_data_note(one_day) == (
        "The period runs past the data, which ends on 26 Nov 2026: its last day has no data "
        "yet, so it is compared on its first day only (24 Nov 2026)."
    )


def won_between(model: Model, first: date, last: date) -> float:
    """Won revenue straight from the deals table: deals won and closed in [first, last]."""
    after = datetime.combine(last + timedelta(days=1), time())
    deals = model.dataset.deals.filter(
        pl.col("is_won").fill_null(False)
        & (pl.col("closed_at") >= datetime.combine(first, time()))
        & (pl.col("closed_at") < after)
    )
    return float(deals["amount"].sum())


def test_the_demo_past_week_is_no_false_collapse(demo_model: Model) -> None:
    assert demo_model.last_day == THURSDAY
    view = Filters(start=date(2026, 11, 24), end=date(2026, 12, 1), data_through=THURSDAY)
    row = kpi_table(demo_model, view).row(by_predicate=pl.col("kpi") == "won_revenue", named=True)
    now = won_between(demo_model, date(2026, 11, 24), THURSDAY)
    before = won_between(demo_model, date(2026, 11, 16), date(2026, 11, 18))
    assert (row["value"], row["comparison"]) == pytest.approx((now, before))
    assert row["delta_pct"] == pytest.approx(now / before - 1)


def test_without_data_there_is_no_last_day_and_no_as_of(demo_model: Model) -> None:
    empty = prepare(Dataset.from_frames({}))
    assert (data_through(empty), data_as_of(empty)) == (None, None)
    assert empty.last_day == date.today()  # the model's stand-in, which must not be shown
    assert (data_through(demo_model), data_as_of(demo_model)) == (
        THURSDAY,
        datetime(2026, 11, 27),
    )
