"""Time series: ratio of sums per bucket, snapshots at bucket ends, comparison buckets."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from contract.dataset import Dataset
from contract.schema import LEADS
from kpi.buckets import bucket_periods, comparison_buckets
from kpi.filters import Filters, Period
from kpi.model import Model, prepare
from kpi.series import COLUMNS, time_series
from kpi.table import kpi_table
from tests.kpi.fixtures import MARCH, frame, lead

# March 2025 by Monday weeks, clipped to the month (1 March is a Saturday).
WEEKS = [date(2025, 3, d) for d in (1, 3, 10, 17, 24, 31)]


def series(model: Model, kpi_id: str, filters: Filters = MARCH) -> list[tuple[object, ...]]:
    frame = time_series(model, filters, [kpi_id])
    return frame.select("bucket", "value", "comparison").rows()


def test_buckets_are_clipped_to_the_period() -> None:
    assert [b.start for b in bucket_periods(MARCH.period, "week")] == WEEKS
    assert bucket_periods(MARCH.period, "week")[0] == Period(date(2025, 3, 1), date(2025, 3, 2))
    months = bucket_periods(Period(date(2024, 1, 15), date(2024, 3, 3)), "month")
    assert months == [
        Period(date(2024, 1, 15), date(2024, 1, 31)),
        Period(date(2024, 2, 1), date(2024, 2, 29)),
        Period(date(2024, 3, 1), date(2024, 3, 3)),
    ]
    assert len(bucket_periods(MARCH.period, "day")) == 31


def test_comparison_buckets_shift_by_the_period_length() -> None:
    buckets = bucket_periods(MARCH.period, "week")
    compared = comparison_buckets(MARCH, buckets)
    assert compared is not None
    assert compared[0] == Period(date(2025, 1, 29), date(2025, 1, 30))
    assert compared[-1] == Period(date(2025, 2, 28), date(2025, 2, 28))
    assert comparison_buckets(MARCH.narrowed(compare="none"), buckets) is None


def test_counts_per_week_with_comparison(model: Model) -> None:
    # Leads A | B | C E | H | - | D; February: G on 10 Feb, F on 20 Feb.
    assert series(model, "leads") == [
        (WEEKS[0], 1.0, 0.0),
        (WEEKS[1], 1.0, 0.0),
        (WEEKS[2], 2.0, 1.0),
        (WEEKS[3], 1.0, 1.0),
        (WEEKS[4], 0.0, 0.0),
        (WEEKS[5], 1.0, 0.0),
    ]


def test_ratios_are_per_bucket_and_null_without_a_base(model: Model) -> None:
    values = [value for _, value, _ in series(model, "ctr")]
    assert values == [None, 20 / 1000, None, 30 / 3000, None, None]


def test_open_pipeline_is_taken_at_each_bucket_end(model: Model) -> None:
    values = [value for _, value, _ in series(model, "pipeline_value")]
    assert values == [4200.0, 7200.0, 3700.0, 2700.0, 2700.0, 2700.0]


def test_attainment_per_bucket_uses_the_bucket_target(model: Model) -> None:
    values = [value for _, value, _ in series(model, "target_attainment")]
    per_day = 6200 / 31
    assert values == [
        100 / (per_day * 2),
        200 / (per_day * 7),
        3570 / (per_day * 7),
        1000 / (per_day * 7),
        0.0,
        80 / per_day,
    ]


def test_month_bucket_equals_the_kpi_table(model: Model) -> None:
    monthly = time_series(model, MARCH.narrowed(grain="month"), ["win_rate", "customers", "sqls"])
    table = kpi_table(model, MARCH).filter(pl.col("kpi").is_in(["win_rate", "customers", "sqls"]))
    assert (
        monthly.select("kpi", "value", "comparison").rows()
        == table.sort("kpi").select("kpi", "value", "comparison").rows()
    )
    assert monthly["bucket"].unique().to_list() == [MARCH.start]


def test_sorted_by_kpi_then_bucket_with_exact_columns(model: Model) -> None:
    frame = time_series(model, MARCH, ["mqls", "ctr", "mqls"])
    assert dict(frame.schema) == COLUMNS
    assert frame["kpi"].to_list() == ["ctr"] * 6 + ["mqls"] * 6
    assert frame.filter(pl.col("kpi") == "mqls")["bucket"].to_list() == WEEKS


def test_no_kpis_or_a_left_out_table_give_empty_or_null(model: Model) -> None:
    assert time_series(model, MARCH, []).shape == (0, 5)
    left_out = time_series(model, MARCH.narrowed(segments=("spa",)), ["spend"])
    assert left_out["value"].null_count() == 6
    assert left_out["comparison"].null_count() == 6


def test_day_buckets_compare_last_year_over_a_leap_day() -> None:
    created = [datetime(2024, 2, 29, 9), datetime(2023, 2, 28, 9), datetime(2023, 2, 28, 10),
               datetime(2023, 3, 1, 9)]  # fmt: skip
    leads = frame(LEADS, [lead(f"x{i}", "L", t) for i, t in enumerate(created)])
    model = prepare(Dataset.from_frames({"leads": leads}))
    filters = Filters(
        start=date(2024, 2, 28), end=date(2024, 3, 1), grain="day", compare="last_year"
    )
    # 28 and 29 February 2024 both compare with 28 February 2023.
    assert series(model, "leads", filters) == [
        (date(2024, 2, 28), 0.0, 2.0),
        (date(2024, 2, 29), 1.0, 2.0),
        (date(2024, 3, 1), 0.0, 1.0),
    ]


def test_medians_and_distinct_counts_per_bucket(model: Model) -> None:
    # Speed to lead: A 2 h and F 10 h in the first week, B 48 h in the second; C and D
    # were never touched. Customers: K1 | K2 | K3 (and an order without customer) | - | - | K2.
    speed = [value for _, value, _ in series(model, "speed_to_lead_hours")]
    assert speed == [6.0, 48.0, None, None, None, None]
    customers = [value for _, value, _ in series(model, "customers")]
    assert customers == [1.0, 1.0, 1.0, 0.0, 0.0, 1.0]


def test_daily_open_pipeline_equals_the_table_on_each_day(model: Model) -> None:
    daily = time_series(model, MARCH.narrowed(grain="day", compare="none"), ["pipeline_value"])
    for day, value in daily.select("bucket", "value").iter_rows():
        table = kpi_table(model, Filters(start=day, end=day, compare="none"))
        assert value == table.filter(kpi="pipeline_value")["value"].item(), day
