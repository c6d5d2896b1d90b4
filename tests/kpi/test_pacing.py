"""Targets prorated by days across a month end and a leap day; expected to date; status."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from contract.dataset import Dataset
from contract.schema import LEADS, TARGETS
from kpi.catalog import get
from kpi.filters import Filters, Period
from kpi.model import prepare
from kpi.pacing import NO_TARGET, Pacing, elapsed, pace, prorated, targets_for
from kpi.table import kpi_table
from tests.kpi.fixtures import MARCH, fixture_model, frame, lead


def targets(*rows: tuple[date, date, str | None, str, float]) -> pl.DataFrame:
    names = ("period_start", "period_end", "launch_id", "kpi", "target")
    return frame(TARGETS, [dict(zip(names, row, strict=True)) for row in rows])


# 10 a day in February 2024 (29 days) and in March 2024 (31 days).
MONTHLY = targets(
    (date(2024, 2, 1), date(2024, 2, 29), None, "mqls", 290.0),
    (date(2024, 3, 1), date(2024, 3, 31), None, "mqls", 310.0),
)
SPAN = Period(date(2024, 2, 20), date(2024, 3, 10))  # 10 days of each month
VIEW = Filters(start=SPAN.start, end=SPAN.end)


def test_prorated_sum_across_a_leap_month_end() -> None:
    assert prorated(MONTHLY, SPAN, additive=True) == 290 * 10 / 29 + 310 * 10 / 31


def test_non_additive_targets_take_the_day_weighted_mean() -> None:
    rates = targets(
        (date(2024, 2, 1), date(2024, 2, 29), None, "win_rate", 0.5),
        (date(2024, 3, 1), date(2024, 3, 31), None, "win_rate", 0.8),
    )
    assert prorated(rates, SPAN, additive=False) == (0.5 * 10 + 0.8 * 10) / 20


def test_no_overlap_is_no_target() -> None:
    assert prorated(MONTHLY, Period(date(2024, 4, 1), date(2024, 4, 30)), additive=True) is None


def test_elapsed_part_of_the_period() -> None:
    assert elapsed(SPAN, date(2024, 2, 29)) == Period(date(2024, 2, 20), date(2024, 2, 29))
    assert elapsed(SPAN, date(2024, 5, 1)) == SPAN
    assert elapsed(SPAN, date(2024, 2, 19)) is None


@pytest.mark.parametrize(
    ("value", "status"), [(120.0, "ahead"), (97.0, "on track"), (94.0, "behind")]
)
def test_pace_halfway_through(value: float, status: str) -> None:
    got = pace(get("mqls"), value, MONTHLY, SPAN, date(2024, 2, 29), VIEW)
    expected = 290 * 10 / 29  # the February part: 10 days at 10 a day
    assert got == Pacing(
        target=290 * 10 / 29 + 310 * 10 / 31,
        expected_to_date=expected,
        projected=value * 20 / 10,
        status=status,  # type: ignore[arg-type]
    )


def test_lower_is_better_flips_the_status() -> None:
    spend = targets((date(2024, 2, 1), date(2024, 2, 29), None, "spend", 290.0))
    period = Period(date(2024, 2, 1), date(2024, 2, 29))
    filters = Filters(start=period.start, end=period.end)
    assert pace(get("spend"), 350.0, spend, period, period.end, filters).status == "behind"
    assert pace(get("spend"), 250.0, spend, period, period.end, filters).status == "ahead"
    assert pace(get("spend"), 0.0, spend, period, period.end, filters).status == "ahead"


def test_rates_are_paced_against_their_target_itself() -> None:
    rates = targets((date(2024, 2, 1), date(2024, 2, 29), None, "win_rate", 0.5))
    got = pace(get("win_rate"), 0.4, rates, SPAN, date(2024, 2, 25), VIEW)
    assert got == Pacing(0.5, 0.5, 0.4, "behind")


def test_a_period_not_started_has_no_status() -> None:
    got = pace(get("mqls"), 0.0, MONTHLY, SPAN, date(2024, 1, 31), VIEW)
    assert got == Pacing(got.target, 0.0, None, "no target", "the period has not started yet")


def test_dimension_filters_have_no_target_but_say_why() -> None:
    got = pace(get("mqls"), 5.0, MONTHLY, SPAN, SPAN.end, VIEW.narrowed(regions=("EU",)))
    assert got.status == "no target"
    assert got.note == "targets are set per launch, not per channel, region or segment"
    assert pace(get("mqls"), 5.0, MONTHLY.clear(), SPAN, SPAN.end, VIEW) == NO_TARGET


def test_targets_for_prefer_the_chosen_launches_then_brand_wide() -> None:
    rows = targets(
        (date(2024, 2, 1), date(2024, 2, 29), "A", "mqls", 1.0),
        (date(2024, 2, 1), date(2024, 2, 29), "B", "mqls", 2.0),
        (date(2024, 2, 1), date(2024, 2, 29), None, "mqls", 5.0),
        (date(2024, 2, 1), date(2024, 2, 29), None, "spend", 9.0),
    )
    assert targets_for(rows, "mqls", ())["target"].to_list() == [5.0]
    assert targets_for(rows, "mqls", ("A", "B"))["target"].to_list() == [
        1.0,
        2.0,
    ]
    per_launch_only = rows.filter(pl.col("launch_id").is_not_null())
    assert targets_for(per_launch_only, "mqls", ())["target"].to_list() == [1.0, 2.0]


def test_table_projects_the_run_rate_past_the_data() -> None:
    # The data ends on 31 March; a March-April view has run 31 of its 61 days.
    filters = Filters(start=MARCH.start, end=date(2025, 4, 30))
    row = kpi_table(fixture_model(), filters).row(
        by_predicate=pl.col("kpi") == "revenue", named=True
    )
    assert (row["value"], row["target"], row["expected_to_date"]) == (4950.0, 6200.0, 6200.0)
    assert row["projected"] == 4950.0 * 61 / 31
    assert row["status"] == "behind"  # 4950 / 6200 = 0.80


def test_table_attainment_uses_the_target_to_date() -> None:
    filters = Filters(start=date(2025, 3, 1), end=date(2025, 3, 10), launches=("L2",))
    row = kpi_table(fixture_model(), filters).row(
        by_predicate=pl.col("kpi") == "target_attainment", named=True
    )
    # L2 revenue 1-10 March: order O3 200 (D2 was won on 11 March); target 3100 * 10 / 31.
    assert row["value"] == 200 / (3100 * 10 / 31)


def test_compare_last_year_over_a_leap_day() -> None:
    created = [
        datetime(2024, 2, 29, 9),
        datetime(2024, 2, 1, 9),
        datetime(2023, 2, 28, 9),
        datetime(2023, 3, 1, 9),  # outside the comparison period (1-28 Feb 2023)
        datetime(2023, 1, 31, 9),  # outside too
    ]
    leads = frame(LEADS, [lead(f"x{i}", "L", t) for i, t in enumerate(created)])
    model = prepare(Dataset.from_frames({"leads": leads}))
    filters = Filters(start=date(2024, 2, 1), end=date(2024, 2, 29), compare="last_year")
    row = kpi_table(model, filters).row(by_predicate=pl.col("kpi") == "leads", named=True)
    assert (row["value"], row["comparison"], row["delta"], row["delta_pct"]) == (2.0, 1.0, 1.0, 1.0)
