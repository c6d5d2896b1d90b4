"""Launch-relative series: Day 0 = launch date, daily values and running totals."""

from __future__ import annotations

import pytest

from kpi.catalog import CATALOG
from kpi.launch_relative import COLUMNS, RELATIVE_KPIS, launch_relative
from kpi.model import Model
from tests.kpi.fixtures import MARCH

L1 = MARCH.narrowed(launches=("L1",))  # launched 10 March 2025


def test_daily_counts_and_running_total(model: Model) -> None:
    # L1's MQLs: F on day -9, A on -8, B on -7 (and D on +21, G on -28).
    frame = launch_relative(model, L1, "mqls", first_day=-10, last_day=-6)
    assert dict(frame.schema) == COLUMNS
    assert frame.drop("note").rows() == [
        ("L1", "Launch one", -10, 0.0, 0.0),
        ("L1", "Launch one", -9, 1.0, 1.0),
        ("L1", "Launch one", -8, 1.0, 2.0),
        ("L1", "Launch one", -7, 1.0, 3.0),
        ("L1", "Launch one", -6, 0.0, 3.0),
    ]


def test_the_filter_period_is_ignored(model: Model) -> None:
    frame = launch_relative(model, L1, "mqls")  # -30 .. 90
    assert frame.height == 121
    assert frame["value"].sum() == 5.0  # G in February and D on 31 March count too
    assert frame["cumulative"].to_list()[-1] == 5.0


def test_ratios_per_day_and_cumulative_ratio_of_sums(model: Model) -> None:
    # L1 spend rows: 10 Feb (day -28: 5 clicks / 500), 5 March (day -5: 20 / 1000).
    frame = launch_relative(model, L1, "ctr", first_day=-28, last_day=-4)
    rows = frame.drop("note").rows()
    assert rows[0][2:] == (-28, 5 / 500, 5 / 500)
    assert rows[1][2:] == (-27, None, 5 / 500)
    assert rows[-2][2:] == (-5, 20 / 1000, (5 + 20) / (500 + 1000))
    assert rows[-1][2:] == (-4, None, (5 + 20) / (500 + 1000))
    # A day without impressions has nothing to divide by, and says so.
    assert frame["note"][1] == "no spend data in this view to compute it from"
    assert frame["note"][0] is None


def test_medians_do_not_accumulate(model: Model) -> None:
    frame = launch_relative(model, L1, "speed_to_lead_hours", first_day=-9, last_day=-6)
    rows = frame.drop("note").rows()
    assert [row[2:] for row in rows] == [(-9, 10.0, None), (-8, 2.0, None), (-7, 48.0, None),
                                         (-6, None, None)]  # fmt: skip


def test_distinct_counts_are_zero_on_days_without_rows(model: Model) -> None:
    # L1's orders: K1 on day -8 (2 March); none on the days around it.
    frame = launch_relative(model, L1, "customers", first_day=-9, last_day=-7)
    assert frame.select("day", "value", "cumulative").rows() == [
        (-9, 0.0, None),
        (-8, 1.0, None),
        (-7, 0.0, None),
    ]


def test_every_launch_when_none_is_chosen_and_dimension_filters_apply(model: Model) -> None:
    frame = launch_relative(
        model, MARCH.narrowed(regions=("EU",)), "mqls", first_day=-30, last_day=60
    )
    totals = {launch: frame.filter(launch_id=launch)["value"].sum() for launch in ("L1", "L2")}
    assert totals == {"L1": 3.0, "L2": 1.0}  # L1: A F G in the EU; L2: C on day 54
    assert frame["launch_name"].unique().sort().to_list() == ["Launch one", "Launch two"]


def test_unknown_or_unassigned_launches_give_an_empty_frame(model: Model) -> None:
    frame = launch_relative(model, MARCH.narrowed(launches=("(unassigned)", "nope")), "mqls")
    assert frame.shape == (0, 6)
    assert dict(frame.schema) == COLUMNS


@pytest.mark.parametrize(
    ("kpi_id", "message"),
    [
        ("pipeline_value", "pipeline_value is a state at a moment"),
        ("target_attainment", "target_attainment compares with a target"),
        ("nope", "unknown KPI 'nope'"),
    ],
)
def test_unsupported_kpis_are_refused(model: Model, kpi_id: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        launch_relative(model, MARCH, kpi_id)


def test_an_inverted_window_is_refused(model: Model) -> None:
    with pytest.raises(ValueError, match=r"first_day \(5\) is after last_day \(1\)"):
        launch_relative(model, MARCH, "mqls", first_day=5, last_day=1)


def test_relative_kpis_are_all_but_snapshots_and_attainment(model: Model) -> None:
    refused = {"pipeline_value", "target_attainment"}
    assert tuple(kpi.id for kpi in CATALOG if kpi.id not in refused) == RELATIVE_KPIS
    for kpi_id in RELATIVE_KPIS:
        assert launch_relative(model, MARCH, kpi_id, first_day=0, last_day=1).height == 4


def test_a_filter_the_kpi_cannot_apply_gives_nulls(model: Model) -> None:
    frame = launch_relative(model, L1.narrowed(channels=("paid_social",)), "order_revenue")
    assert frame.height == 121
    assert frame.select("value", "cumulative").null_count().row(0) == (121, 121)
