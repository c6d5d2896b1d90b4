"""The trend's cut-short buckets and axes (its grain: tests/ui/test_periods.py)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from kpi.filters import Filters
from present.cells import ViewFormat
from present.trend import EVENTS as EVENTS_NAME
from present.trend import LINE, POINTS, axis_label, buckets, panels

LAST = date(2026, 9, 27)


def test_weeks_cut_by_the_period_or_the_data_are_named() -> None:
    # Saturday 29 Aug to Monday 30 Nov 2026, data through Thursday 26 Nov.
    view = Filters(start=date(2026, 8, 29), end=date(2026, 11, 30), grain="week")
    cut = buckets(view, date(2026, 11, 26))
    first, second, *_, last = cut.iter_rows(named=True)
    assert first == {"bucket": date(2026, 8, 29), "days": 2, "partial": "partial: 2 of 7 days"}
    assert second == {"bucket": date(2026, 8, 31), "days": 7, "partial": ""}
    assert last == {"bucket": date(2026, 11, 30), "days": 0, "partial": "partial: 0 of 7 days"}
    before_last = cut.row(-2, named=True)
    assert before_last == {
        "bucket": date(2026, 11, 23),
        "days": 4,
        "partial": "partial: 4 of 7 days",
    }


def test_months_count_their_own_days() -> None:
    view = Filters(start=date(2026, 2, 10), end=date(2026, 3, 31), grain="month")
    assert buckets(view, date(2026, 11, 26))["partial"].to_list() == ["partial: 19 of 28 days", ""]


def test_money_axes_carry_the_currency() -> None:
    assert axis_label("money", "£") == "\"£\" + format(datum.value, '~s')"
    assert axis_label("ratio", "€") == "format(datum.value * 100, '~r') + ' %'"


def _series(values: list[float], comparison: list[float]) -> pl.DataFrame:
    weeks = [date(2026, 8, 31) + timedelta(days=7 * i) for i in range(len(values))]
    return pl.DataFrame(
        {"kpi": ["mqls"] * len(values), "bucket": weeks, "value": values, "comparison": comparison}
    )


EVENTS = pl.DataFrame(
    {
        "date": [date(2026, 9, 14)],
        "end_date": [None],
        "launch_id": ["GLOW"],
        "kind": ["launch_event"],
        "title": ["Glow Serum launch"],
        "notes": [None],
    },
    schema_overrides={"end_date": pl.Date, "notes": pl.String},
)


def test_another_launch_swaps_the_rows_and_keeps_the_spec() -> None:
    view = Filters(start=date(2026, 8, 31), end=date(2026, 9, 27), grain="week")
    look = ViewFormat(currency="€")
    (glow,) = panels(_series([3, 5, 8, 13], [2, 2, 2, 2]), EVENTS, ("mqls",), view, LAST, look)
    other = view.narrowed(launches=("OTHER",))
    (moved,) = panels(_series([1, 1, 2, 3], [0, 0, 0, 0]), EVENTS, ("mqls",), other, LAST, look)
    assert moved["layer"] is glow["layer"]  # built once for the shape, not per view
    assert [layer["data"]["name"] for layer in glow["layer"][:2]] == [LINE, POINTS]
    assert glow["datasets"][POINTS]["amount"].to_list() == [3, 5, 8, 13]
    assert moved["datasets"][POINTS]["amount"].to_list() == [1, 1, 2, 3]
    assert glow["datasets"][EVENTS_NAME]["kind_label"].to_list() == ["Launch event"]
    assert "config" not in glow  # the page's and the pack's width, not altair's 300 pixels


def test_a_cut_short_bucket_is_a_hollow_point_with_an_outline() -> None:
    view = Filters(start=date(2026, 8, 29), end=date(2026, 9, 27), grain="week")
    (panel,) = panels(
        _series([3, 5, 8, 13], [2, 2, 2, 2]), EVENTS, ("mqls",), view, LAST, ViewFormat()
    )
    points = panel["layer"][1]
    assert points["encoding"]["fill"]["condition"] == {
        "test": "datum.partial != ''",
        "value": "white",
    }
    assert points["mark"]["stroke"] == points["mark"]["color"]  # white fill, coloured ring


def test_the_events_legend_lists_the_kinds_shown() -> None:
    view = Filters(start=date(2026, 8, 31), end=date(2026, 9, 27), grain="week")
    look = ViewFormat(currency="€")
    series = _series([3, 5, 8, 13], [2, 2, 2, 2])
    (with_events,) = panels(series, EVENTS, ("mqls",), view, LAST, look)
    (without,) = panels(series, EVENTS.clear(), ("mqls",), view, LAST, look)
    legend = with_events["layer"][2]["layer"][1]["encoding"]["color"]["legend"]
    assert legend["values"] == ["Launch event"]
    assert without["layer"][2]["layer"][1]["encoding"]["color"]["legend"] is None
