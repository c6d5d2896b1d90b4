"""The funnel of the period's leads, by launch and channel, and rejection reasons."""

from __future__ import annotations

from datetime import date, timedelta

from kpi.filters import Filters
from kpi.funnel import FUNNEL_COLUMNS, REASON_COLUMNS, STAGES, funnel, rejection_reasons
from kpi.model import Model
from kpi.table import kpi_table
from tests.kpi.fixtures import MARCH


def test_stages_in_order() -> None:
    assert STAGES == ("leads", "mqls", "accepted", "sqls", "won")


def test_the_whole_funnel(model: Model) -> None:
    # March cohort: A B C D E H; MQLs A B C D (F became an MQL in March but was created
    # in February); A was accepted, became an SQL and was won.
    frame = funnel(model, MARCH)
    assert dict(frame.schema) == FUNNEL_COLUMNS
    assert frame["note"].null_count() == 5  # the fixture records every stage
    assert frame.drop("note").rows() == [
        ("All", "leads", 6, None, 1.0),
        ("All", "mqls", 4, 4 / 6, 4 / 6),
        ("All", "accepted", 1, 1 / 4, 1 / 6),
        ("All", "sqls", 1, 1.0, 1 / 6),
        ("All", "won", 1, 1.0, 1 / 6),
    ]


def test_by_channel_shows_no_channel_and_null_steps_after_zero(model: Model) -> None:
    rows = funnel(model, MARCH, by="channel").drop("note").rows()
    assert rows == [
        ("(none)", "leads", 1, None, 1.0),
        ("(none)", "mqls", 1, 1.0, 1.0),
        ("(none)", "accepted", 0, 0.0, 0.0),
        ("(none)", "sqls", 0, None, 0.0),
        ("(none)", "won", 0, None, 0.0),
        ("paid_search", "leads", 2, None, 1.0),
        ("paid_search", "mqls", 1, 0.5, 0.5),
        ("paid_search", "accepted", 0, 0.0, 0.0),
        ("paid_search", "sqls", 0, None, 0.0),
        ("paid_search", "won", 0, None, 0.0),
        ("paid_social", "leads", 3, None, 1.0),
        ("paid_social", "mqls", 2, 2 / 3, 2 / 3),
        ("paid_social", "accepted", 1, 0.5, 1 / 3),
        ("paid_social", "sqls", 1, 1.0, 1 / 3),
        ("paid_social", "won", 1, 1.0, 1 / 3),
    ]


def test_by_launch_counts_add_up_to_the_whole(model: Model) -> None:
    frame = funnel(model, MARCH, by="launch")
    assert frame.select("group", "stage", "count").rows() == [
        ("L1", "leads", 4),
        ("L1", "mqls", 3),
        ("L1", "accepted", 1),
        ("L1", "sqls", 1),
        ("L1", "won", 1),
        ("L2", "leads", 2),
        ("L2", "mqls", 1),
        ("L2", "accepted", 0),
        ("L2", "sqls", 0),
        ("L2", "won", 0),
    ]


def test_nothing_matches_gives_empty_frames(model: Model) -> None:
    nothing = MARCH.narrowed(launches=("nope",))
    for by in (None, "launch", "channel"):
        frame = funnel(model, nothing, by=by)  # type: ignore[arg-type]
        assert frame.shape == (0, 6)
        assert dict(frame.schema) == FUNNEL_COLUMNS
    assert dict(rejection_reasons(model, nothing).schema) == REASON_COLUMNS
    assert rejection_reasons(model, nothing).height == 0


def test_rejection_reasons_of_the_periods_mqls(model: Model) -> None:
    assert rejection_reasons(model, MARCH).rows() == [("No budget", 1, 1.0)]
    both = MARCH.narrowed(start=date(2025, 2, 1))
    # G (February, no reason) and B (March): equal counts, sorted by reason.
    assert rejection_reasons(model, both).rows() == [
        ("(no reason given)", 1, 0.5),
        ("No budget", 1, 0.5),
    ]


def test_no_rejections_gives_an_empty_frame(model: Model) -> None:
    assert rejection_reasons(model, MARCH.narrowed(launches=("L2",))).height == 0


def test_funnel_leads_match_the_leads_kpi_on_the_demo(demo_model: Model) -> None:

    view = Filters(start=demo_model.last_day - timedelta(days=89), end=demo_model.last_day)
    leads = kpi_table(demo_model, view).filter(kpi="leads")["value"].item()
    by_channel = funnel(demo_model, view, by="channel")
    assert by_channel.filter(stage="leads")["count"].sum() == leads
    whole = funnel(demo_model, view)
    assert whole["count"].to_list() == [
        by_channel.filter(stage=stage)["count"].sum() for stage in STAGES
    ]
