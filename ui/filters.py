"""The sidebar filters, drawn once in app.py and bound to the URL.

Every widget has a `key` and `bind="query-params"`, so the URL always holds the
view and a shared link reproduces it. Pages never read widgets: they call
`current()` and get one typed `Filters` value.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from contract.schema import UNASSIGNED
from kpi.filters import COMPARES, DEFAULT_SLA_HOURS, GRAINS, Filters
from kpi.model import Model
from ui.formatting import literal

DEFAULT_DAYS = 90
# Multiselects whose URL key is also the column they filter.
DIMENSION_FILTERS = ("channel", "region", "segment")
COMPARE_LABELS = {
    "previous": "Previous period",
    "last_year": "Same period last year",
    "none": "No comparison",
}


def default_period(model: Model) -> tuple[date, date]:
    """The last 90 days of data: what a manager looks at first."""
    return max(model.first_day, model.last_day - timedelta(days=DEFAULT_DAYS - 1)), model.last_day


def period_bounds(model: Model) -> tuple[date, date]:
    """The dates a period may use: the data's span with a year of slack on each side."""
    slack = timedelta(days=366)
    return model.first_day - slack, model.last_day + slack


def _launch_names(model: Model) -> dict[str, str]:
    names = dict(model.dataset.launches.select("launch_id", "name").iter_rows())
    names[UNASSIGNED] = "(unassigned)"
    return names


def _url_problems(model: Model, names: dict[str, str]) -> list[str]:
    """Values in the link that this data does not have (a launch since removed, a bad date)."""
    params = st.query_params
    known: dict[str, list[str]] = {
        "launch": [names.get(i, i) for i in model.launch_ids()],
        **{key: model.values_of(key) for key in DIMENSION_FILTERS},
        "compare": [COMPARE_LABELS[c] for c in COMPARES],
        "grain": list(GRAINS),
    }
    problems = [
        f"{key} “{literal(value)}”"
        for key, options in known.items()
        for value in params.get_all(key)
        if value and value not in options
    ]
    for value in params.get_all("period"):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            problems.append(f"period “{literal(value)}”")
            continue
        first, last = period_bounds(model)
        if not first <= day <= last:
            problems.append(f"period “{value}” (outside {first} to {last})")
    return problems


def notice_unknown_link_values(model: Model) -> None:
    """Say which parts of a shared link were dropped, instead of failing on them."""
    problems = _url_problems(model, _launch_names(model))
    if problems:
        st.sidebar.warning(
            "This link asked for values the data does not have, so they were left out: "
            + ", ".join(problems),
            icon=":material/link_off:",
        )


def share_link(filters_in_url: dict[str, list[str]]) -> str:
    page = urlsplit(str(st.context.url or ""))
    query = urlencode(filters_in_url, doseq=True)
    return urlunsplit((page.scheme, page.netloc, page.path or "/", query, ""))


def draw_share() -> None:
    """The visible 'share this view' affordance: the link, with a copy button."""
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    with st.sidebar.popover("Share this view", icon=":material/share:", width="stretch"):
        st.caption("Anyone with access who opens this link sees the same filters on this page.")
        st.code(share_link(current), language=None, wrap_lines=True)


def draw(model: Model) -> None:
    notice_unknown_link_values(model)
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
            min_value=period_bounds(model)[0],
            max_value=period_bounds(model)[1],
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
        for key in DIMENSION_FILTERS:
            st.multiselect(
                key.capitalize(),
                model.values_of(key),
                key=key,
                placeholder=f"All {key}s",
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
    if isinstance(period, (tuple, list)) and period and all(period):
        # One date is a one-day period: a link with the same start and end comes back
        # from the widget as a single date, as does a range still being picked.
        start, end = period[0], period[-1]
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
