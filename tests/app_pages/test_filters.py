"""The sidebar filters as a session meets them: periods anchored to the data, the link
carrying the resolved dates, filters only where they apply, options the launch has."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

import kpi.dimensions
from kpi.dimensions import DIMENSIONS, Dimension
from kpi.export import csv_ready, safe_csv, view_comments
from kpi.filters import Filters
from kpi.table import kpi_table
from tests.app_pages.conftest import demo_model
from tests.app_pages.test_overview import expected_tiles
from tests.apptest import open_app

LAST_DAY = date(2026, 11, 26)  # the demo's last day, a Thursday


def period_box(app: AppTest) -> Selectbox[Any]:
    return next(box for box in app.selectbox if box.label == "Period")


def test_the_first_view_s_link_carries_its_resolved_dates(run_app: Callable[..., AppTest]) -> None:
    app = run_app()
    assert app.query_params["period"] == ["2026-08-29", "2026-11-26"]
    assert app.caption[0].value == (
        "All launches · 29 Aug 2026 to 26 Nov 2026 · vs the previous period · "
        "Data through 26 Nov 2026"
    )
    assert period_box(app).value == "last_90_days"


@pytest.mark.parametrize(
    ("preset", "first", "last"),
    [
        ("last_week", date(2026, 11, 16), date(2026, 11, 22)),  # Mon to Sun before Thursday
        ("last_4_weeks", date(2026, 10, 30), LAST_DAY),
        ("month", date(2026, 11, 1), LAST_DAY),
        ("quarter", date(2026, 10, 1), LAST_DAY),
    ],
)
def test_presets_count_back_from_the_data_s_last_day(
    run_app: Callable[..., AppTest], preset: str, first: date, last: date
) -> None:
    app = run_app()
    period_box(app).set_value(preset).run()
    assert app.query_params["period"] == [first.isoformat(), last.isoformat()]
    assert app.date_input[0].value == (first, last)
    assert not app.warning
    tiles = {metric.label: metric.value for metric in app.metric}
    view = Filters(start=first, end=last, data_through=LAST_DAY)
    assert tiles == expected_tiles(view)


def test_since_launch_follows_the_chosen_launch(run_app: Callable[..., AppTest]) -> None:
    app = run_app(launch="Glow Serum")
    assert "Since launch" in period_box(app).options
    period_box(app).set_value("since_launch").run()
    launches = demo_model().dataset.launches
    day = launches.filter(pl.col("launch_id") == "GLOW-SERUM")["launch_date"][0]
    assert app.query_params["period"] == [day.isoformat(), "2026-11-26"]
    app.multiselect(key="launch").set_value(["SHIELD-SPF"]).run()
    other = launches.filter(pl.col("launch_id") == "SHIELD-SPF")["launch_date"][0]
    assert app.query_params["period"] == [other.isoformat(), "2026-11-26"]
    assert "Since launch" not in period_box(open_app()).options


def test_a_period_past_the_data_says_so_and_compares_its_elapsed_days(
    run_app: Callable[..., AppTest], downloads: dict[str, bytes]
) -> None:
    # Streamlit's own "Past Week" on 1 December: 24 November to 1 December.
    app = run_app(period=["2026-11-24", "2026-12-01"])
    note = (
        "The period runs past the data, which ends on 26 Nov 2026: its last 5 days have no "
        "data yet, so it is compared on its first 3 days only (16 Nov 2026 to 18 Nov 2026)."
    )
    assert [warning.value for warning in app.warning] == [note]
    # 8 days: the grain the period gives is by day.
    view = Filters(
        start=date(2026, 11, 24), end=date(2026, 12, 1), grain="day", data_through=LAST_DAY
    )
    assert {metric.label: metric.value for metric in app.metric} == expected_tiles(view)
    model = demo_model()
    csv = downloads["tandem-kpi-table-2026-11-24-2026-12-01.csv"]
    expected = csv_ready(kpi_table(model, view))
    assert csv == safe_csv(expected, comments=view_comments(view, model.as_of))
    assert f"# {note}".encode() in csv
    # The Launches page does not use the period: no notice there.
    launches = run_app("app_pages/launches.py", period=["2026-11-24", "2026-12-01"])
    assert not launches.warning


def test_custom_dates_write_the_link_and_show_custom(run_app: Callable[..., AppTest]) -> None:
    app = run_app()
    app.date_input[0].set_value((date(2026, 10, 5), date(2026, 10, 11))).run()
    assert app.query_params["period"] == ["2026-10-05", "2026-10-11"]
    assert period_box(app).value == "custom"
    assert "05 Oct 2026 to 11 Oct 2026" in app.caption[0].value


@pytest.mark.parametrize(
    ("page", "uses", "subtitle"),
    [
        ("app_pages/funnel.py", {"dimensions", "period", "compare", "grain"},
         "Glow Serum · 01 Jun 2026 to 31 Aug 2026 · vs the previous period · "
         "Data through 26 Nov 2026"),
        ("app_pages/launches.py", {"dimensions", "sla"}, "Glow Serum · Data through 26 Nov 2026"),
        ("app_pages/handoff.py", {"dimensions", "period", "compare", "grain", "sla"},
         "Glow Serum · 01 Jun 2026 to 31 Aug 2026 · vs the previous period · "
         "Data through 26 Nov 2026"),
        ("app_pages/data.py", set(), "Data through 26 Nov 2026"),
        ("app_pages/definitions.py", set(), "Data through 26 Nov 2026"),
    ],
)  # fmt: skip
def test_each_page_shows_and_names_only_the_filters_it_uses(
    run_app: Callable[..., AppTest], page: str, uses: set[str], subtitle: str
) -> None:
    app = run_app(page, launch="Glow Serum", period=["2026-06-01", "2026-08-31"])
    assert app.caption[0].value == subtitle
    hidden = " ".join(element.proto.body for element in app.get("html"))
    selectors = {
        "dimensions": ".st-key-filters_dimensions",
        "more dimensions": ".st-key-filters_more_dimensions",
        "period": ".st-key-filters_period",
        "compare": ".st-key-filters_compare",
        "grain": ".st-key-filters_grain",
        "sla": ".st-key-filters_sla",
    }
    for group, selector in selectors.items():
        assert (f"(> {selector})" in hidden) == (group.removeprefix("more ") not in uses), group
    # Hidden, the filters are still drawn: the link keeps them on every page.
    assert app.multiselect(key="launch").value == ["GLOW-SERUM"]
    assert app.query_params["period"] == ["2026-06-01", "2026-08-31"]


def channels_of(launch: str) -> list[str]:
    """The channels the launch's leads and spend carry, straight from the demo tables."""
    data = demo_model().dataset
    found = set()
    for table in (data.leads, data.spend):
        rows = table.filter(pl.col("launch_id") == launch)
        found |= set(rows["channel"].drop_nulls().to_list())
    return sorted(found)


def test_the_channel_filter_offers_the_chosen_launch_s_channels(
    run_app: Callable[..., AppTest],
) -> None:
    everything = run_app().multiselect(key="channel").options
    app = run_app(launch="Atelier Pro salon line")
    offered = app.multiselect(key="channel").options
    assert offered == channels_of("ATELIER-PRO")
    assert len(offered) < len(everything)
    # A channel already chosen stays, even if the launch never used it: nothing silently drops.
    unused = sorted(set(everything) - set(offered))[0]
    app = run_app(launch="Atelier Pro salon line", channel=unused)
    assert app.multiselect(key="channel").value == [unused]
    assert unused in app.multiselect(key="channel").options


CAMPAIGN = Dimension(key="campaign", plural="campaigns", label="Campaign", column="campaign")


def test_a_dimension_added_to_a_copy_of_the_registry_is_a_sidebar_filter(
    monkeypatch: pytest.MonkeyPatch, downloads: dict[str, bytes]
) -> None:
    monkeypatch.setattr(kpi.dimensions, "DIMENSIONS", (*DIMENSIONS, CAMPAIGN))
    model = demo_model()
    campaign = model.dataset.spend["campaign"].drop_nulls().unique().sort()[0]
    app = open_app(campaign=campaign, compare="No comparison")
    box = app.multiselect(key="campaign")
    assert (box.label, box.value) == ("Campaign", [campaign])
    assert box.placeholder == "All campaigns"
    view = Filters(
        start=date(2026, 8, 29), end=LAST_DAY, compare="none", data_through=LAST_DAY,
        campaigns=(campaign,),
    )  # fmt: skip
    assert {metric.label: metric.value for metric in app.metric} == expected_tiles(view)
    csv = downloads["tandem-kpi-table-2026-08-29-2026-11-26.csv"].decode()
    assert f"segment=all; campaign={campaign}; period=" in csv.splitlines()[0]


def test_a_link_of_500_unknown_values_names_ten_and_counts_the_rest(
    run_app: Callable[..., AppTest],
) -> None:
    app = run_app(launch=["Glow Serum", *(f"Gone {i}" for i in range(500))])
    assert app.multiselect(key="launch").value == ["GLOW-SERUM"]
    [notice] = app.sidebar.warning
    assert notice.value == (
        "This link asked for values the data does not have, so they were left out: "
        + ", ".join(f"launch “Gone {i}”" for i in range(10))
        + " and 490 more"
    )


def test_the_grain_of_a_link_without_one_follows_its_period(
    run_app: Callable[..., AppTest],
) -> None:
    week = run_app(period=["2026-11-16", "2026-11-22"])
    assert week.button_group(key="grain").value == "day"
    assert "grain" not in week.query_params
    half_year = run_app(period=["2026-05-27", "2026-11-22"])  # 180 days
    assert half_year.button_group(key="grain").value == "week"
    year = run_app(period=["2025-11-27", "2026-11-26"])
    assert year.button_group(key="grain").value == "month"
    picked = run_app(period=["2026-11-16", "2026-11-22"], grain="month")
    assert picked.button_group(key="grain").value == "month"
