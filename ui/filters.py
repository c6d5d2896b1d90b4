"""The sidebar filters, drawn once in app.py and kept in the URL (docs/architecture.md,
"Filters" and "Pages and the URL").

One multiselect per dimension of the registry (kpi/dimensions.py), plus comparison,
grain and SLA: each has a `key` and `bind="query-params"`. The period is the exception
(ui/periods.py). The grain's default follows the period (`present/link.default_grain`), so a
link without a grain shows the buckets its period gives.

Every filter is drawn on every page, so the URL keeps it across page changes; the
groups a page does not use are hidden, not left out (a bound widget that is not drawn
loses its URL parameter). Pages never read widgets: they call `current()`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kpi.dimensions import LAUNCH, Dimension, registry
from kpi.filters import COMPARES, DEFAULT_SLA_HOURS, GRAINS, Filters, Grain, Period
from kpi.model import Model
from kpi.options import known_values, offered
from kpi.periods import data_through, default_period, span
from present.formatting import literal
from present.link import COMPARE_LABELS, PERIOD, default_grain, names, period_problem
from ui import periods, uploads
from ui.data import Loaded

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
GRAIN = "grain"  # the grain widget's key and URL parameter
GRAIN_FROM_PERIOD = "grain_from_period"  # session: the grain the period gave on the last run
# The sidebar's "left out" notice names this many of a link's unknown values, then a count.
LISTED_PROBLEMS = 10


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
        f"{key} “{literal(value)}”"
        for key, options in known.items()
        for value in params.get_all(key)
        if value and value not in options
    ]
    period = params.get_all(PERIOD)
    why = period_problem(period, model) if period else None
    if why:
        problems.append(f"period “{'” to “'.join(literal(p) for p in period)}” ({why})")
    return problems


def notice_unknown_link_values(model: Model) -> None:
    """Say which parts of a shared link were dropped, instead of failing on them."""
    problems = _url_problems(model)
    if problems:
        listed = ", ".join(problems[:LISTED_PROBLEMS])
        more = len(problems) - LISTED_PROBLEMS
        st.sidebar.warning(
            "This link asked for values the data does not have, so they were left out: "
            + listed
            + (f" and {more:,} more" if more > 0 else ""),
            icon=":material/link_off:",
        )


def share_link(filters_in_url: dict[str, list[str]]) -> str:
    page = urlsplit(str(st.context.url or ""))
    query = urlencode(filters_in_url, doseq=True)
    return urlunsplit((page.scheme, page.netloc, page.path or "/", query, ""))


def draw_share(loaded: Loaded) -> None:
    """The visible 'share this view' affordance: the link, with a copy button, and a
    warning while this session's uploads are in use (the link cannot carry them)."""
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    period = periods.in_url(loaded.model)
    with st.sidebar.popover("Share this view", icon=":material/share:", width="stretch"):
        warning = uploads.share_warning(loaded)
        if warning:
            st.warning(warning, icon=":material/cloud_off:")
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
    periods.ensure(model)
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
            periods.draw(model, chosen.get(LAUNCH, ()))
        boxes["compare"].selectbox(
            "Compare with",
            COMPARES,
            format_func=COMPARE_LABELS.__getitem__,
            key="compare",
            bind="query-params",
        )
        boxes["grain"].segmented_control(
            "Grain",
            GRAINS,
            default=_grain_following(periods.in_url(model) or default_period(model.last_day)),
            required=True,
            key=GRAIN,
            bind="query-params",
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


def _grain_following(period: Period) -> Grain:
    """The grain `period` gives, which is the grain widget's default; a grain left at the
    old period's default follows the new period, a grain picked apart from it stays.

    That is the link's rule too: a grain equal to its default is not in the URL, so a
    link without one shows the grain its period gives (`present/link.default_grain`). A keyed
    widget keeps its value when its default changes, so the value is moved here.
    """
    given = default_grain(period)
    before = st.session_state.get(GRAIN_FROM_PERIOD)
    if before is not None and before != given and st.session_state.get(GRAIN) == before:
        st.session_state[GRAIN] = given
    st.session_state[GRAIN_FROM_PERIOD] = given
    return given


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
        key = dimension.key
        before = st.session_state[key] if key in st.session_state else st.query_params.get_all(key)
        chosen[dimension] = tuple(before)
        options = _offered(
            loaded.version,
            dimension.key,
            tuple((d.key, values) for d, values in chosen.items()),
            loaded.model,
        )
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
def _offered(
    version: str, key: str, chosen: tuple[tuple[str, tuple[str, ...]], ...], _model: Model
) -> list[str]:
    """A dimension's options for the data's version and what is chosen (cached: a scan)."""
    by_key = {dimension.key: dimension for dimension in registry()}
    return offered(_model, by_key[key], {by_key[k]: values for k, values in chosen})


def current(model: Model) -> Filters:
    """The filters as one typed value, from the widgets' state and the URL's period."""
    state = st.session_state
    period = periods.in_url(model) or default_period(model.last_day)
    chosen = {d.plural: tuple(state.get(d.key) or ()) for d in registry()}
    return Filters(
        start=period.start,
        end=period.end,
        compare=state.get("compare") or "previous",
        grain=state.get(GRAIN) or default_grain(period),
        sla_hours=float(state.get("sla") or DEFAULT_SLA_HOURS),
        data_through=data_through(model),
        **chosen,
    )
