"""KPI pickers for charts, bound to the URL like the filters so a shared link keeps them."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from kpi.catalog import BY_ID
from kpi.filters import Filters
from present.trend import auto_grain


def kpi(label: str, kpi_ids: Sequence[str], default: str, *, key: str) -> str:
    choice = st.selectbox(
        label,
        list(kpi_ids),
        index=list(kpi_ids).index(default),
        format_func=lambda kpi_id: BY_ID[kpi_id].label,
        key=key,
        bind="query-params",
    )
    return str(choice)


def grain_chosen() -> bool:
    """Whether the link names a grain (the Grain filter is left out of it at its default)."""
    return "grain" in st.query_params


def trend_view(view: Filters) -> Filters:
    """The view a trend is drawn for: the chosen grain, else one fitting the period."""
    return view if grain_chosen() else view.narrowed(grain=auto_grain(view.period))
