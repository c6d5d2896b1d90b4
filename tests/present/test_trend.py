"""The trend's cut-short buckets and axes (its grain: tests/ui/test_periods.py)."""

from __future__ import annotations

from datetime import date

from kpi.filters import Filters
from present.trend import axis_label, buckets


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
