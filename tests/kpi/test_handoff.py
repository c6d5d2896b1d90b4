"""The hand-off views: speed to lead, SLA by owner and region, unworked MQLs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kpi.filters import Filters
from kpi.handoff import (
    HOURS_COLUMNS,
    SLA_COLUMNS,
    UNWORKED_COLUMNS,
    sla_by,
    speed_to_lead,
    unworked_mqls,
)
from kpi.model import Model
from kpi.table import kpi_table
from tests.kpi.fixtures import MARCH


def test_speed_to_lead_of_the_periods_touched_mqls(model: Model) -> None:
    # March MQLs touched: A after 2 h, F after 10 h, B after 48 h.
    got = speed_to_lead(model, MARCH)
    assert (got.median_hours, got.touched) == (10.0, 3)
    assert got.p90_hours == pytest.approx(10 + 0.8 * (48 - 10), rel=1e-12)
    assert dict(got.hours.schema) == HOURS_COLUMNS
    assert got.hours.rows() == [
        ("A", "Ann", "EU", 2.0),
        ("F", "Ann", "EU", 10.0),
        ("B", "Bob", "US", 48.0),
    ]


def test_speed_to_lead_matches_the_kpi(model: Model) -> None:
    value = kpi_table(model, MARCH).filter(kpi="speed_to_lead_hours")["value"].item()
    assert speed_to_lead(model, MARCH).median_hours == value


def test_speed_to_lead_with_nothing_touched(model: Model) -> None:
    got = speed_to_lead(model, MARCH.narrowed(launches=("L2",)))
    assert (got.median_hours, got.p90_hours, got.touched, got.hours.height) == (None, None, 0, 0)


def test_sla_by_owner_worst_first(model: Model) -> None:
    # Ann: A F on time, C unworked. Bob: B late, D not due yet.
    frame = sla_by(model, MARCH, "owner")
    assert dict(frame.schema) == SLA_COLUMNS
    assert frame["note"].null_count() == 2
    assert frame.drop("note").rows() == [
        ("Bob", 2, 0, 1, 0.0, 48.0, 0),
        ("Ann", 3, 2, 3, 2 / 3, 6.0, 1),
    ]
    assert sla_by(model, MARCH, "region")["group"].to_list() == ["US", "EU"]


def test_sla_group_with_nothing_due_sorts_last_with_null_rate(model: Model) -> None:
    frame = sla_by(model, MARCH.narrowed(start=date(2025, 3, 10)), "owner")
    # From 10 March: Ann has C (overdue), Bob has D (not due yet).
    assert frame.drop("note").rows() == [
        ("Ann", 1, 0, 1, 0.0, None, 1),
        ("Bob", 1, 0, 0, None, None, 0),
    ]


def test_sla_rejects_other_groupings(model: Model) -> None:
    with pytest.raises(ValueError, match="owner or region, not 'channel'"):
        sla_by(model, MARCH, "channel")  # type: ignore[arg-type]


def test_unworked_mqls_list(model: Model) -> None:
    frame = unworked_mqls(model, MARCH)
    assert dict(frame.schema) == UNWORKED_COLUMNS
    # C became an MQL on 10 March 08:00; as of 1 April 00:00 that is 520 hours.
    assert frame.rows() == [
        ("C", datetime(2025, 3, 10, 8), "L2", "paid_social", None, "EU", "salon", "Ann", 520.0)
    ]
    assert unworked_mqls(model, MARCH.narrowed(launches=("L1",))).height == 0


def test_hand_off_views_add_up_to_the_kpis_on_the_demo(demo_model: Model) -> None:

    view = Filters(start=demo_model.last_day - timedelta(days=89), end=demo_model.last_day)
    kpis = dict(kpi_table(demo_model, view).select("kpi", "value").iter_rows())
    by_region = sla_by(demo_model, view, "region")
    met, due = by_region["touched_within_sla"].sum(), by_region["due"].sum()
    assert met / due == kpis["sla_met_rate"]
    assert by_region["mqls"].sum() == kpis["mqls"]
    assert by_region["unworked"].sum() == kpis["unworked_mqls"]
    assert unworked_mqls(demo_model, view).height == kpis["unworked_mqls"]
    assert speed_to_lead(demo_model, view).median_hours == kpis["speed_to_lead_hours"]
