"""Filters: periods, comparison periods (month ends, leap days), dimension filters."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from kpi.filters import Filters, Period, apply_dimensions, missing_dimensions, year_earlier


def test_period_days_and_bounds() -> None:
    period = Period(date(2024, 2, 28), date(2024, 3, 1))
    assert period.days == 3  # 28, 29 February and 1 March
    assert period.start_at == datetime(2024, 2, 28)
    assert period.end_before == datetime(2024, 3, 2)


def test_period_rejects_an_end_before_the_start() -> None:
    with pytest.raises(ValueError, match=r"period ends \(2024-01-01\) before it starts"):
        Period(date(2024, 1, 2), date(2024, 1, 1))


def test_period_contains_whole_days_for_timestamps() -> None:
    stamps = pl.DataFrame(
        {"t": [datetime(2024, 2, 29, 23, 59), datetime(2024, 3, 1), datetime(2024, 2, 28)]}
    )
    period = Period(date(2024, 2, 29), date(2024, 2, 29))
    assert stamps.filter(period.contains("t", pl.Datetime("us")))["t"].to_list() == [
        datetime(2024, 2, 29, 23, 59)
    ]


def test_overlap_days() -> None:
    february = Period(date(2024, 2, 1), date(2024, 2, 29))
    assert february.overlap_days(Period(date(2024, 2, 20), date(2024, 3, 10))) == 10
    assert february.overlap_days(Period(date(2024, 3, 1), date(2024, 3, 10))) == 0


def test_previous_period_has_equal_length_across_a_month_end() -> None:
    filters = Filters(start=date(2024, 3, 1), end=date(2024, 3, 31))
    assert filters.comparison_period() == Period(date(2024, 1, 30), date(2024, 2, 29))


def test_last_year_maps_a_leap_day_to_28_february() -> None:
    filters = Filters(start=date(2024, 2, 1), end=date(2024, 2, 29), compare="last_year")
    assert filters.comparison_period() == Period(date(2023, 2, 1), date(2023, 2, 28))
    assert year_earlier(date(2025, 3, 1)) == date(2024, 3, 1)


def test_no_comparison() -> None:
    assert (
        Filters(start=date(2024, 1, 1), end=date(2024, 1, 2), compare="none").comparison_period()
        is None
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"compare": "yesterday"}, "compare must be one of previous, last_year, none"),
        ({"grain": "hour"}, "grain must be one of day, week, month"),
        ({"sla_hours": 0}, "the follow-up SLA must be a positive number of hours, not 0"),
        ({"end": date(2023, 12, 31)}, "before it starts"),
    ],
)
def test_filters_refuse_bad_values(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Filters(**{"start": date(2024, 1, 1), "end": date(2024, 1, 31), **changes})  # type: ignore[arg-type]


def test_filters_are_hashable_and_narrowed() -> None:
    filters = Filters(start=date(2024, 1, 1), end=date(2024, 1, 31), launches=("A",))
    assert hash(filters) == hash(
        Filters(start=date(2024, 1, 1), end=date(2024, 1, 31), launches=("A",))
    )
    assert filters.narrowed(regions=("EU",)).dimension_values() == {
        "launch_id": ("A",),
        "region": ("EU",),
    }


def test_apply_dimensions_keeps_chosen_values_and_unassigned_rows() -> None:
    rows = pl.LazyFrame(
        {"launch_id": ["A", "B", "(unassigned)"], "region": ["EU", "EU", "US"], "x": [1, 2, 3]}
    )
    everything = Filters(start=date(2024, 1, 1), end=date(2024, 1, 2))
    assert apply_dimensions(rows, everything).collect()["x"].to_list() == [1, 2, 3]
    chosen = everything.narrowed(launches=("A", "(unassigned)"))
    assert apply_dimensions(rows, chosen).collect()["x"].to_list() == [1, 3]


def test_a_frame_without_a_filtered_dimension_is_emptied() -> None:
    rows = pl.LazyFrame({"launch_id": ["A"], "x": [1]})
    filters = Filters(start=date(2024, 1, 1), end=date(2024, 1, 2), segments=("spa",))
    assert apply_dimensions(rows, filters).collect().height == 0
    assert missing_dimensions(["launch_id", "x"], filters) == ["segment"]
