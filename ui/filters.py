"""The sidebar filters, drawn once in app.py and bound to the URL.

Every widget has a `key` and `bind="query-params"`, so the URL always holds the
view and a shared link reproduces it. Pages never read widgets: they call
`current()` and get one typed `Filters` value.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from kpi.filters import COMPARES, DEFAULT_SLA_HOURS, GRAINS, Filters
from kpi.model import Model
from kpi.schema import UNASSIGNED

DEFAULT_DAYS = 90
COMPARE_LABELS = {
    "previous": "Previous period",
    "last_year": "Same period last year",
    "none": "No comparison",
}


def default_period(model: Model) -> tuple[date, date]:
    """The last 90 days of data: what a manager looks at first."""
    return max(model.first_day, model.last_day - timedelta(days=DEFAULT_DAYS - 1)), model.last_day


def _launch_names(model: Model) -> dict[str, str]:
    names = dict(model.dataset.launches.select("launch_id", "name").iter_rows())
    names[UNASSIGNED] = "(unassigned)"
    return names


def draw(model: Model) -> None:
    names = _launch_names(model)
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Launch",
            model.launch_ids(),
            format_func=lambda launch_id: names.get(launch_id, launch_id),
            key="launch",
            placeholder="All launches",
            bind="query-params",
        )
        st.date_input(
            "Period",
            value=default_period(model),
            min_value=model.first_day - timedelta(days=366),
            max_value=model.last_day + timedelta(days=366),
            key="period",
            format="YYYY-MM-DD",
            bind="query-params",
        )
        st.selectbox(
            "Compare with",
            COMPARES,
            format_func=COMPARE_LABELS.__getitem__,
            key="compare",
            bind="query-params",
        )
        st.multiselect(
            "Channel",
            model.values_of("channel"),
            key="channel",
            placeholder="All channels",
            bind="query-params",
        )
        st.multiselect(
            "Region",
            model.values_of("region"),
            key="region",
            placeholder="All regions",
            bind="query-params",
        )
        st.multiselect(
            "Segment",
            model.values_of("segment"),
            key="segment",
            placeholder="All segments",
            bind="query-params",
        )
        st.segmented_control("Grain", GRAINS, default="week", key="grain", bind="query-params")
        st.number_input(
            "Follow-up SLA (hours)",
            min_value=1,
            max_value=720,
            value=int(DEFAULT_SLA_HOURS),
            step=1,
            key="sla",
            bind="query-params",
        )


def current(model: Model) -> Filters:
    """The filters as one typed value, from the widgets' state."""
    state = st.session_state
    start, end = default_period(model)
    period = state.get("period")
    if isinstance(period, (tuple, list)) and len(period) == 2 and all(period):
        start, end = period
    return Filters(
        start=start,
        end=end,
        launches=tuple(state.get("launch") or ()),
        channels=tuple(state.get("channel") or ()),
        regions=tuple(state.get("region") or ()),
        segments=tuple(state.get("segment") or ()),
        compare=state.get("compare") or "previous",
        grain=state.get("grain") or "week",
        sla_hours=float(state.get("sla") or DEFAULT_SLA_HOURS),
    )
