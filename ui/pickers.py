"""KPI pickers for charts, bound to the URL like the filters so a shared link keeps them."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from kpi.catalog import BY_ID


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
