"""A shared link's query string as the view it shows (present/link.py), read as the
sidebar writes it: launches by name, the comparison by its label, the period as dates."""

from __future__ import annotations

from datetime import date

import pytest

from kpi.filters import Filters
from kpi.model import Model
from present.link import ChartChoices, LinkError, chart_choices, filters_of, query

LINK = (
    "https://tandem.example/handoff?launch=Glow+Serum&launch=Silk+Hair+Oil&region=EU"
    "&period=2026-09-01&period=2026-09-30&compare=Same+period+last+year&grain=month&sla=12"
)


def test_a_pasted_link_gives_the_view_it_shows(demo_model: Model) -> None:
    view = filters_of(query(LINK), demo_model)
    assert view == Filters(
        start=date(2026, 9, 1),
        end=date(2026, 9, 30),
        compare="last_year",
        grain="month",
        sla_hours=12.0,
        data_through=date(2026, 11, 26),
        launches=("GLOW-SERUM", "SILK-HAIR-OIL"),
        regions=("EU",),
    )


def test_a_bare_query_string_works_and_defaults_fill_the_rest(demo_model: Model) -> None:
    view = filters_of(query("launch=Glow+Serum"), demo_model)
    assert view.launches == ("GLOW-SERUM",)
    assert (view.start, view.end) == (date(2026, 8, 29), date(2026, 11, 26))  # last 90 days
    assert (view.compare, view.grain, view.sla_hours) == ("previous", "week", 24.0)
    short = filters_of(query("period=2026-11-01&period=2026-11-26"), demo_model)
    assert short.grain == "day"  # no grain in the link: the one its period gives, as the app


def test_values_the_data_does_not_have_are_named_not_dropped(demo_model: Model) -> None:
    link = "?launch=Glow+Serum&launch=Old+Launch&compare=Yesterday&period=2026-13-01&sla=0"
    with pytest.raises(LinkError) as raised:
        filters_of(query(link), demo_model)
    assert str(raised.value) == (
        "the link asks for values the data does not have: launch “Old Launch”, "
        "compare “Yesterday”, sla “0” (hours from 1 to 720), "
        "period “2026-13-01” (not a date as YYYY-MM-DD)"
    )


def test_chart_pickers_in_the_link_choose_the_pack_charts() -> None:
    params = query(
        "?trend_marketing=Spend&trend_sales=Win+rate&relative_kpi=Won+revenue"
        "&relative_days=-10&relative_days=60"
    )
    assert chart_choices(params) == ChartChoices(("spend", "win_rate"), "won_revenue", (-10, 60))
    assert chart_choices({}) == ChartChoices(("mqls", "won_revenue"), "mqls", (-30, 90))
    with pytest.raises(LinkError, match="trend_sales “Spend”"):
        chart_choices(query("?trend_sales=Spend"))  # a marketing KPI on the sales picker
