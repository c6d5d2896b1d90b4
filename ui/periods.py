"""The period in the sidebar: a preset counted back from the data's last day, or custom
dates, always written to the URL as two dates (docs/architecture.md, "Periods" and
"Pages and the URL").

The period is not a bound widget: a bound widget leaves its default out of the URL, and
the default period counts back from the data's last day, so a link copied from the
first view would show other dates next week. The resolved dates are written to the URL
(`period=START&period=END`) on every run; the preset and date pickers only change them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import streamlit as st

from kpi.filters import Period
from kpi.model import Model
from kpi.periods import PRESETS, default_period, first_launch_day, matching, resolve
from present.link import PERIOD, bounds, period_problem

# Session: the period in force. A page change keeps only the URL parameters bound to
# widgets, so the period is written back from here (docs/architecture.md, "Pages and the URL").
KEPT_PERIOD = "period_in_force"
PICKED_PRESET = "picked_period_preset"  # session: the preset last picked in the sidebar
CUSTOM = "custom"


def in_url(model: Model) -> Period | None:
    """The period the URL holds, if it is one or two valid days within the bounds."""
    values = st.query_params.get_all(PERIOD)
    if period_problem(values, model) is not None:
        return None
    return Period(date.fromisoformat(values[0]), date.fromisoformat(values[-1]))


def _set(period: Period) -> None:
    st.query_params[PERIOD] = [period.start.isoformat(), period.end.isoformat()]
    st.session_state[KEPT_PERIOD] = period


def jump_to(period: Period) -> None:
    """Show `period`: the dates are custom until a preset is picked again."""
    _set(period)
    st.session_state.pop(PICKED_PRESET, None)


def restore(period: Period | None) -> None:
    """Go back to a period held before (None: the data's default, on the next run)."""
    if period is None:
        st.query_params.pop(PERIOD, None)
        st.session_state.pop(KEPT_PERIOD, None)
        st.session_state.pop(PICKED_PRESET, None)
    else:
        jump_to(period)


def ensure(model: Model) -> None:
    """The URL holds a period: the link's, else the one in force before a page change
    dropped it, else the default (the last 90 days of data)."""
    found = in_url(model)
    if found is not None:
        st.session_state[KEPT_PERIOD] = found
        return
    kept = st.session_state.get(KEPT_PERIOD)
    if isinstance(kept, Period) and PERIOD not in st.query_params:  # dropped by a page change
        _set(kept)
    else:
        _set(default_period(model.last_day))


def draw(model: Model, launches: Sequence[str]) -> None:
    """A preset (counted back from the data's last day) or custom dates; both write the URL.

    The pickers have no key: each is drawn with the URL's dates as its value, so when a
    preset or a link changes the dates the pickers follow, without writing widget state.
    """
    last, launch_day = model.last_day, first_launch_day(model.dataset.launches, launches)
    period = in_url(model) or default_period(last)
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
    first, final = bounds(model)
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
    _set(new)
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
