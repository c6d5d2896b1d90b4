"""What every page starts with: the loaded data, the filters, a title and subtitle."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from kpi.filters import Filters
from ui import data, filters
from ui.data import Loaded
from ui.views import Views

COMPARED = {
    "previous": "vs the previous period",
    "last_year": "vs the same period last year",
    "none": "",
}


@dataclass(frozen=True)
class PageContext:
    loaded: Loaded
    filters: Filters
    views: Views


def start(title: str) -> PageContext:
    loaded = data.load()
    view = filters.current(loaded.model)
    st.title(title)
    st.caption(subtitle(loaded, view))
    source_notices(loaded)
    return PageContext(loaded, view, Views(loaded))


def source_notices(loaded: Loaded) -> None:
    """Every page says when its numbers rest on a stale or failed source."""
    if loaded.config_error:
        st.error(
            f"sources.toml could not be used, so the demo data is shown: {loaded.config_error}"
        )
    for read in loaded.reads:
        if read.stale_since is not None:
            since = f"{read.stale_since:%Y-%m-%d %H:%M} UTC"
            retry = (
                f" Tandem tries again after {read.retry_after:%H:%M} UTC."
                if read.retry_after
                else ""
            )
            st.warning(
                f"{read.name} is stale since {since} ({read.health.error}); "
                f"showing its last good read.{retry}"
            )
        elif read.health.error:
            st.error(
                f"{read.name} could not be read, so its numbers are missing: {read.health.error}"
            )


def subtitle(loaded: Loaded, view: Filters) -> str:
    names = dict(loaded.model.dataset.launches.select("launch_id", "name").iter_rows())
    launches = ", ".join(names.get(i, i) for i in view.launches) or "All launches"
    period = f"{view.start:%d %b %Y} to {view.end:%d %b %Y}"
    return " · ".join(part for part in (launches, period, COMPARED[view.compare]) if part)
