"""The filter dimensions, declared once: the registry and what derives from it."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

import kpi.dimensions
from kpi.catalog import get
from kpi.dimensions import DIMENSIONS, LAUNCH, Dimension, registry
from kpi.export import view_comments
from kpi.filters import Filters, apply_dimensions, missing_dimensions
from kpi.options import offered, values_within
from kpi.pacing import pace, view_targets
from kpi.table import kpi_table
from tests.kpi.fixtures import MARCH, fixture_model

# A dimension the registry does not have, on a column the fixture's spend and leads carry.
CAMPAIGN = Dimension(key="campaign", plural="campaigns", label="Campaign", column="campaign")


def test_the_registry_names_each_dimension_once() -> None:
    for field in ("key", "plural", "label", "column"):
        names = [getattr(d, field) for d in DIMENSIONS]
        assert len(set(names)) == len(names), field
    assert [d.key for d in DIMENSIONS] == ["launch", "channel", "region", "segment"]
    assert [d.key for d in DIMENSIONS if d.targets_apply] == ["launch"]
    assert registry() is DIMENSIONS and DIMENSIONS[0] is LAUNCH


def test_filters_take_every_dimension_by_its_plural() -> None:
    view = Filters(start=date(2025, 3, 1), end=date(2025, 3, 31), launches=["L1"], regions=["EU"])
    assert view.launches == ("L1",)
    assert [(d.key, values) for d, values in view.choices] == [
        ("launch", ("L1",)),
        ("channel", ()),
        ("region", ("EU",)),
        ("segment", ()),
    ]
    assert view.dimension_values() == {"launch_id": ("L1",), "region": ("EU",)}
    assert view.narrowed(regions=()).dimension_values() == {"launch_id": ("L1",)}
    with pytest.raises(TypeError, match="no dimension colours; known: launches, channels"):
        Filters(start=date(2025, 3, 1), end=date(2025, 3, 31), colours=("red",))


def test_targets_follow_launches_only() -> None:
    assert MARCH.narrowed(launches=("L1",)).no_target_reason is None
    assert MARCH.narrowed(segments=("spa",)).no_target_reason == (
        "targets are set per launch, not per channel, region or segment"
    )


def test_options_are_what_the_chosen_launches_have() -> None:
    facts = {
        "spend": pl.DataFrame({"launch_id": ["A", "B"], "channel": ["email", "display"]}),
        "leads": pl.DataFrame({"launch_id": ["A", "A", "B"], "channel": ["paid", None, "tv"]}),
        "orders": pl.DataFrame({"launch_id": ["A"], "sales_channel": ["dtc"]}),
        "deals": pl.DataFrame({"channel": ["referral"]}),  # no launch: cannot say whose
    }
    assert values_within(facts, "channel", {"launch_id": ["A"]}) == ["email", "paid"]
    assert values_within(facts, "channel", {}) == ["display", "email", "paid", "referral", "tv"]
    assert values_within(facts, "region", {"launch_id": ["A"]}) == []


def test_the_sidebar_offers_what_the_chosen_launch_used() -> None:
    model = fixture_model()
    channel = DIMENSIONS[1]
    # L2's leads, deals and spend are all paid social; L1 also has paid search.
    assert offered(model, channel, {LAUNCH: ["L2"]}) == ["paid_social"]
    assert offered(model, channel, {}) == ["paid_search", "paid_social"]
    # A channel already chosen stays offered: narrowing never changes the view by itself.
    assert offered(model, channel, {LAUNCH: ["L2"], channel: ["paid_search"]}) == [
        "paid_search",
        "paid_social",
    ]
    # Launches are never narrowed by themselves, and come in launch order.
    assert offered(model, LAUNCH, {LAUNCH: ["L2"]}) == ["L2", "L1"]


def test_a_dimension_added_to_a_copy_of_the_registry_reaches_every_derived_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kpi.dimensions, "DIMENSIONS", (*DIMENSIONS, CAMPAIGN))
    model = fixture_model()
    view = Filters(start=date(2025, 3, 1), end=date(2025, 3, 31), campaigns=("c1",))
    assert view.chosen(CAMPAIGN) == ("c1",)
    # The engine filters by its column, and leaves out tables that lack it.
    spend = apply_dimensions(model.facts["spend"].lazy(), view).collect()
    assert spend["campaign"].to_list() == ["c1", "c1"]
    assert missing_dimensions(model.facts["deals"].columns, view) == ["campaign"]
    row = kpi_table(model, view).row(by_predicate=pl.col("kpi") == "spend", named=True)
    assert row["value"] == 100.0  # c1's March spend; c2's 300 is left out
    # The CSV says which campaign, and pacing why there is no target.
    assert view_comments(view, datetime(2025, 4, 1))[0] == (
        "Tandem export. filters: launch=all; channel=all; region=all; segment=all; "
        "campaign=c1; period=2025-03-01..2025-03-31; compare=previous; grain=week; "
        "sla_hours=24"
    )
    rows = view_targets(model, "revenue", ())
    got = pace(get("revenue"), 10.0, rows, view.period, model.last_day, view)
    assert got.note == "targets are set per launch, not per channel, region, segment or campaign"
    # The sidebar's options for it, narrowed by the chosen launch.
    assert values_within(model.facts, "campaign", {"launch_id": ["L2"]}) == ["c3"]
