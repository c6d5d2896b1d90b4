"""One KPI, one value: the KPI table, a breakdown, the launch overlay and the time series
agree, also where a denominator is negative (ad-spend credits, refunded deals).

Launch L1 is launched on 10 March 2025. On 5 March its spend nets to -50 (a 100 ad
and a 150 credit) against 300 of conversion value; on 6 March it is 100 against 250.
Its deals created on 5 March net to -200 of pipeline (a 300 refund against 100 of
marketing-sourced pipeline); on 6 March to 400, of which 100 marketing-sourced.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from contract.dataset import Dataset
from contract.schema import DEALS, LAUNCHES, SPEND
from kpi.breakdown import breakdown
from kpi.filters import Filters
from kpi.launch_relative import launch_relative
from kpi.model import Model, prepare
from kpi.series import time_series
from kpi.table import kpi_table
from tests.kpi.fixtures import at, frame

CREDIT_DAY = date(2025, 3, 5)  # day -5 of L1
NORMAL_DAY = date(2025, 3, 6)  # day -4
BELOW_ZERO = {
    "roas": "sum(spend) is below zero in this view (credits or refunds exceed it), "
    "so a ratio would mislead",
    "marketing_sourced_share": "sum(amount of deals by created_at) is below zero in this "
    "view (credits or refunds exceed it), so a ratio would mislead",
}


def spend(day: date, campaign: str, amount: float, value: float) -> dict[str, object]:
    return {"date": day, "launch_id": "L1", "channel": "paid_search", "campaign": campaign,
            "region": "EU", "spend": amount, "impressions": 10, "clicks": 1,
            "conversion_value": value}  # fmt: skip


def deal(deal_id: str, day: int, amount: float, source: str) -> dict[str, object]:
    return {"deal_id": deal_id, "launch_id": "L1", "created_at": at(day, 9), "amount": amount,
            "source": source, "region": "EU"}  # fmt: skip


def credit_model() -> Model:
    launch = {"launch_id": "L1", "name": "Launch one", "launch_date": date(2025, 3, 10)}
    spent = [
        spend(CREDIT_DAY, "ads", 100.0, 300.0),
        spend(CREDIT_DAY, "credit", -150.0, 0.0),
        spend(NORMAL_DAY, "ads", 100.0, 250.0),
    ]
    deals = [
        deal("d1", 5, 100.0, "marketing"),
        deal("d2", 5, -300.0, "sales"),
        deal("d3", 6, 100.0, "marketing"),
        deal("d4", 6, 300.0, "sales"),
    ]
    frames = {
        "launches": frame(LAUNCHES, [launch]),
        "spend": frame(SPEND, spent),
        "deals": frame(DEALS, deals),
    }
    return prepare(Dataset.from_frames(frames))


def every_view(model: Model, kpi_id: str, day: date) -> dict[str, object]:
    view = Filters(start=day, end=day, launches=("L1",), grain="day", compare="none")
    table = kpi_table(model, view).row(by_predicate=pl.col("kpi") == kpi_id, named=True)
    by_launch = breakdown(model, view, "launch_id", ["spend", kpi_id])
    since_launch = (day - date(2025, 3, 10)).days
    overlay = launch_relative(model, view, kpi_id, first_day=since_launch, last_day=since_launch)
    series = time_series(model, view, [kpi_id])
    return {
        "table": (table["value"], table["note"]),
        "breakdown": by_launch.filter(launch_id="L1")[kpi_id].item(),
        "overlay": overlay.select("value", "note").row(0),
        "series": series.select("value", "note").row(0),
    }


@pytest.mark.parametrize("kpi_id", ["roas", "marketing_sourced_share"])
def test_a_negative_denominator_gives_no_value_in_every_view(kpi_id: str) -> None:
    reason = BELOW_ZERO[kpi_id]
    assert every_view(credit_model(), kpi_id, CREDIT_DAY) == {
        "table": (None, reason),
        "breakdown": None,
        "overlay": (None, reason),
        "series": (None, reason),
    }


@pytest.mark.parametrize(
    ("kpi_id", "expected"), [("roas", 250 / 100), ("marketing_sourced_share", 100 / 400)]
)
def test_a_positive_denominator_gives_the_same_value_in_every_view(
    kpi_id: str, expected: float
) -> None:
    assert every_view(credit_model(), kpi_id, NORMAL_DAY) == {
        "table": (expected, None),
        "breakdown": expected,
        "overlay": (expected, None),
        "series": (expected, None),
    }


def test_the_cumulative_overlay_divides_running_sums_by_the_same_rule() -> None:
    view = Filters(start=CREDIT_DAY, end=NORMAL_DAY, launches=("L1",))
    overlay = launch_relative(credit_model(), view, "roas", first_day=-5, last_day=-4)
    # Day -5: spend -50 so far; day -4: 50 of spend against 550 of value.
    assert overlay.select("day", "value", "cumulative").rows() == [
        (-5, None, None),
        (-4, 2.5, 11.0),
    ]
    table = kpi_table(credit_model(), view.narrowed(compare="none"))
    assert table.row(by_predicate=pl.col("kpi") == "roas", named=True)["value"] == 11.0
