"""KPI pickers for charts, bound to the URL like the filters so a shared link keeps them."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from kpi.catalog import BY_ID, CATALOG
from kpi.filters import Filters, Grain, Period

MARKETING_TREND = tuple(k.id for k in CATALOG if k.department == "marketing")
# target_attainment has no per-bucket meaning: the target is prorated over the whole period.
SALES_TREND = tuple(
    k.id for k in CATALOG if k.department in ("sales", "shared") and k.id != "target_attainment"
)


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


# The trend's grain when the link does not name one: about 7 to 30 points per line.
DAILY_UP_TO_DAYS = 35
WEEKLY_UP_TO_DAYS = 210


def auto_grain(period: Period) -> Grain:
    if period.days <= DAILY_UP_TO_DAYS:
        return "day"
    return "week" if period.days <= WEEKLY_UP_TO_DAYS else "month"


def grain_chosen() -> bool:
    """Whether the link names a grain (the Grain filter is left out of it at its default)."""
    return "grain" in st.query_params


def trend_view(view: Filters) -> Filters:
    """The view a trend is drawn for: the chosen grain, else one fitting the period."""
    return view if grain_chosen() else view.narrowed(grain=auto_grain(view.period))
