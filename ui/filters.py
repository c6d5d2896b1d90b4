"""The sidebar filters, drawn once in app.py and kept in the URL (docs/architecture.md,
"Filters", "Periods" and "Pages and the URL").

One multiselect per dimension of the registry (kpi/dimensions.py), plus comparison,
grain and SLA: each has a `key` and `bind="query-params"`. The period is the exception:
a bound widget leaves its default out of the URL, and the default period counts back
from the data's last day, so a link copied from the first view would show other dates
next week. The resolved dates are therefore written to the URL (`period=START&period=END`)
on every run, and the preset and date pickers only change them.

Every filter is drawn on every page, so the URL keeps it across page changes; the
groups a page does not use are hidden, not left out (a bound widget that is not drawn
loses its URL parameter). Pages never read widgets: they call `current()`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from contract.schema import UNASSIGNED
from kpi.dimensions import LAUNCH, Dimension, registry
from kpi.filters import COMPARES, DEFAULT_SLA_HOURS, GRAINS, Filters, Period
from kpi.model import Model
from kpi.options import known_values, offered
from kpi.periods import (
    PRESETS,
    data_through,
    default_period,
    first_launch_day,
    matching,
    resolve,
    span,
)
from ui.data import Loaded

PERIOD = "period"  # URL: the resolved first and last day, always present
# Session: the period in force. A page change keeps only the URL parameters bound to
# widgets, so the period is written back from here (docs/architecture.md, "Pages and the URL").
KEPT_PERIOD = "period_in_force"
PICKED_PRESET = "picked_period_preset"  # session: the preset last picked in the sidebar
CUSTOM = "custom"
# The sidebar's groups; a page names the ones it uses (ui/page.py).
GROUPS = ("dimensions", "period", "compare", "grain", "sla")
# The sidebar's boxes, top to bottom, and the group each belongs to: the dimensions that
# narrow the others (the launch) come before the period, the rest after its comparison.
BOXES = {
    "dimensions": "dimensions",
    "period": "period",
    "compare": "compare",
    "more_dimensions": "dimensions",
    "grain": "grain",
    "sla": "sla",
}
COMPARE_LABELS = {
    "previous": "Previous period",
    "last_year": "Same period last year",
    "none": "No comparison",
}


def period_bounds(model: Model) -> tuple[date, date]:
    """The dates a period may use: the data's span with a year of slack on each side."""
    slack = timedelta(days=366)
    return model.first_day - slack, model.last_day + slack


def names(model: Model, dimension: Dimension) -> dict[str, str]:
    """What the sidebar and the URL call each value: launches by name."""
    if dimension.named_in is None:
        return {}
    table = getattr(model.dataset, dimension.named_in)
    return {**dict(table.select(dimension.column, "name").iter_rows()), UNASSIGNED: UNASSIGNED}


def url_period(model: Model) -> Period | None:
    """The period the URL holds, if it is one or two valid days within the bounds."""
    values = st.query_params.get_all(PERIOD)
    if _period_problem(values, model) is not None:
        return None
    return Period(date.fromisoformat(values[0]), date.fromisoformat(values[-1]))


def _period_problem(values: Sequence[str], model: Model) -> str | None:
    """Why the URL's period cannot be used, or None."""
    try:
        days = [date.fromisoformat(value) for value in values]
    except ValueError:
        return "not a date as YYYY-MM-DD"
    first, last = period_bounds(model)
    if not 1 <= len(days) <= 2:
        return "a first and a last day expected"
    if not all(first <= day <= last for day in days):
        return f"outside {first} to {last}"
    return "ends before it starts" if days[0] > days[-1] else None


def _url_problems(model: Model) -> list[str]:
    """Values in the link that this data does not have (a launch since removed, a bad date)."""
    params = st.query_params
    known: dict[str, list[str]] = {
        dimension.key: [
            names(model, dimension).get(value, value) for value in known_values(model, dimension)
        ]
        for dimension in registry()
    }
    known["compare"] = [COMPARE_LABELS[c] for c in COMPARES]
    known["grain"] = list(GRAINS)
    problems = [
        f"{key} “{value}”"
        for key, options in known.items()
        for value in params.get_all(key)
        if value and value not in options
    ]
    period = params.get_all(PERIOD)
    why = _period_problem(period, model) if period else None
    if why:
        problems.append(f"period “{'” to “'.join(period)}” ({why})")
    return problems


def notice_unknown_link_values(model: Model) -> None:
    """Say which parts of a shared link were dropped, instead of failing on them."""
    problems = _url_problems(model)
    if problems:
        st.sidebar.warning(
            "This link asked for values the data does not have, so they were left out: "
            + ", ".join(problems),
            icon=":material/link_off:",
        )


def _set_period(period: Period) -> None:
    st.query_params[PERIOD] = [period.start.isoformat(), period.end.isoformat()]
    st.session_state[KEPT_PERIOD] = period


def _ensure_period(model: Model) -> None:
    """The URL holds a period: the link's, else the one in force before a page change
    dropped it, else the default (the last 90 days of data)."""
    found = url_period(model)
    if found is not None:
        st.session_state[KEPT_PERIOD] = found
        return
    kept = st.session_state.get(KEPT_PERIOD)
    if isinstance(kept, Period) and PERIOD not in st.query_params:  # dropped by a page change
        _set_period(kept)
    else:
        _set_period(default_period(model.last_day))


def share_link(filters_in_url: dict[str, list[str]]) -> str:
    page = urlsplit(str(st.context.url or ""))
    query = urlencode(filters_in_url, doseq=True)
    return urlunsplit((page.scheme, page.netloc, page.path or "/", query, ""))


def draw_share(model: Model) -> None:
    """The visible 'share this view' affordance: the link, with a copy button."""
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    period = url_period(model)
    with st.sidebar.popover("Share this view", icon=":material/share:", width="stretch"):
        st.caption(
            "Anyone with access who opens this link sees the same filters on this page"
            + (f", for the same dates ({span(period)})." if period else ".")
        )
        st.code(share_link(current), language=None, wrap_lines=True)


def draw(loaded: Loaded, uses: Collection[str]) -> None:
    """Every filter, in the sidebar; the groups not in `uses` are drawn hidden.

    Order: the dimensions that narrow the others (the launch), the period and its
    comparison, the other dimensions, grain, SLA (`BOXES`).
    """
    model = loaded.model
    notice_unknown_link_values(model)
    _ensure_period(model)
    with st.sidebar:
        if uses:
            st.header("Filters")
        else:
            st.caption("No filter applies to this page; the link keeps them for the others.")
        hidden = [css for group in GROUPS if group not in uses for css in _selectors(group)]
        if hidden:
            st.html(f"<style>{', '.join(hidden)} {{ display: none; }}</style>")
        boxes = {name: st.container(key=f"filters_{name}") for name in BOXES}
        chosen = _draw_dimensions(loaded, boxes["dimensions"], boxes["more_dimensions"])
        with boxes["period"]:
            _draw_period(model, chosen.get(LAUNCH, ()))
        boxes["compare"].selectbox(
            "Compare with",
            COMPARES,
            format_func=COMPARE_LABELS.__getitem__,
            key="compare",
            bind="query-params",
        )
        boxes["grain"].segmented_control(
            "Grain", GRAINS, default="week", key="grain", bind="query-params"
        )
        boxes["sla"].number_input(
            "Follow-up SLA (hours)",
            min_value=1,
            max_value=720,
            value=int(DEFAULT_SLA_HOURS),
            step=1,
            key="sla",
            bind="query-params",
        )


def _selectors(group: str) -> list[str]:
    """CSS for a group's boxes: a keyed container has the class `st-key-KEY`, and its
    wrapper is hidden with it so that no gap is left where it was."""
    return [
        f'[data-testid="stLayoutWrapper"]:has(> .st-key-filters_{name})'
        for name, of in BOXES.items()
        if of == group
    ]


def _draw_dimensions(
    loaded: Loaded, narrowing: DeltaGenerator, others: DeltaGenerator
) -> dict[Dimension, tuple[str, ...]]:
    """One multiselect per dimension, each offering what the ones before it leave."""
    chosen: dict[Dimension, tuple[str, ...]] = {}
    for dimension in registry():
        label = _labeller(names(loaded.model, dimension))
        # What is already chosen (this session, or the link on its first run) stays offered.
        before = st.session_state.get(dimension.key) or st.query_params.get_all(dimension.key)
        chosen[dimension] = tuple(before)
        options = _offered(loaded, dimension.key, tuple((d.key, v) for d, v in chosen.items()))
        picked = (narrowing if dimension.narrows_options else others).multiselect(
            dimension.label,
            options,
            format_func=label,
            key=dimension.key,
            placeholder=f"All {dimension.plural}",
            bind="query-params",
        )
        chosen[dimension] = tuple(picked)
    return chosen


def _labeller(named: Mapping[str, str]) -> Callable[[str], str]:
    return lambda value: named.get(value, value)


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_offered(
    version: str, key: str, chosen: tuple[tuple[str, tuple[str, ...]], ...], _model: Model
) -> list[str]:
    by_key = {dimension.key: dimension for dimension in registry()}
    return offered(_model, by_key[key], {by_key[k]: values for k, values in chosen})


def _offered(
    loaded: Loaded, key: str, chosen: tuple[tuple[str, tuple[str, ...]], ...]
) -> list[str]:
    """A dimension's options for the data's version and what is chosen (cached: a scan)."""
    return _cached_offered(loaded.version, key, chosen, loaded.model)


def _draw_period(model: Model, launches: Sequence[str]) -> None:
    """A preset (counted back from the data's last day) or custom dates; both write the URL.

    The pickers have no key: each is drawn with the URL's dates as its value, so when a
    preset or a link changes the dates the pickers follow, without writing widget state.
    """
    last, launch_day = model.last_day, first_launch_day(model.dataset.launches, launches)
    period = url_period(model) or default_period(last)
    presets = {p.key: p.label for p in PRESETS if p.span(last, launch_day) is not None}
    labels = {**presets, CUSTOM: "Custom dates"}
    remembered = str(st.session_state.get(PICKED_PRESET, ""))
    if remembered in presets:  # picked in this session: it follows the data and the launches
        period = _moved_to(resolve(remembered, last_day=last, launch_day=launch_day), period)
    shown = _shown_preset(remembered, period, last, launch_day, labels)
    picked = st.selectbox(
        "Period", list(labels), index=list(labels).index(shown), format_func=labels.__getitem__
    )
    if picked != shown:
        st.session_state[PICKED_PRESET] = picked
        if picked != CUSTOM:
            period = _moved_to(resolve(picked, last_day=last, launch_day=launch_day), period)
    first, final = period_bounds(model)
    dates = st.date_input(
        "Dates",
        value=(period.start, period.end),
        min_value=first,
        max_value=final,
        format="YYYY-MM-DD",
        label_visibility="collapsed",
    )
    if len(dates) == 2 and tuple(dates) != (period.start, period.end):  # a range fully picked
        st.session_state[PICKED_PRESET] = CUSTOM
        _moved_to(Period(dates[0], dates[1]), period)
        st.rerun()  # the preset above was drawn for the old dates: it must say "Custom dates"


def _moved_to(new: Period | None, old: Period) -> Period:
    """Write `new` to the URL when it differs from `old`; the period now in force."""
    if new is None or new == old:
        return old
    _set_period(new)
    return new


def _shown_preset(
    remembered: str,
    period: Period,
    last: date,
    launch_day: date | None,
    labels: Mapping[str, str],
) -> str:
    """The preset to show: the one picked if it still gives these dates, else the first
    that does, else custom."""
    if remembered == CUSTOM:
        return CUSTOM
    if remembered in labels and resolve(remembered, last_day=last, launch_day=launch_day) == period:
        return remembered
    found = matching(period, last_day=last, launch_day=launch_day)
    return found if found is not None and found in labels else CUSTOM


def current(model: Model) -> Filters:
    """The filters as one typed value, from the widgets' state and the URL's period."""
    state = st.session_state
    period = url_period(model) or default_period(model.last_day)
    chosen = {d.plural: tuple(state.get(d.key) or ()) for d in registry()}
    return Filters(
        start=period.start,
        end=period.end,
        compare=state.get("compare") or "previous",
        grain=state.get("grain") or "week",
        sla_hours=float(state.get("sla") or DEFAULT_SLA_HOURS),
        data_through=data_through(model),
        **chosen,
    )
