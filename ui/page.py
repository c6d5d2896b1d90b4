"""What every page starts with: the loaded data, the filters, a title and subtitle."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from kpi.filters import Filters
from ui import data, filters
from ui.data import Loaded
from ui.formatting import literal
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


# An error's text is Tandem's wording around outside values (paths, file names): escaped,
# and long enough for the list of formats Tandem understands; the Data page has it whole.
ERROR_CHARS = 1_000


def source_notices(loaded: Loaded) -> None:
    """Every page says when its numbers rest on a stale or failed source."""
    if loaded.config_error:
        st.error(
            "sources.toml could not be used, so no data is shown: "
            + literal(loaded.config_error, limit=ERROR_CHARS)
        )
    for read in loaded.reads:
        name, error = literal(read.name), literal(read.health.error or "", limit=ERROR_CHARS)
        if read.stale_since is not None:
            since = f"{read.stale_since:%Y-%m-%d %H:%M} UTC"
            retry = (
                f" Tandem tries again after {read.retry_after:%H:%M} UTC."
                if read.retry_after
                else ""
            )
            st.warning(
                f"{name} is stale since {since} ({error}); showing its last good read.{retry}"
            )
        elif read.health.error:
            st.error(f"{name} could not be read, so its numbers are missing: {error}")


def subtitle(loaded: Loaded, view: Filters) -> str:
    names = dict(loaded.model.dataset.launches.select("launch_id", "name").iter_rows())
    launches = ", ".join(literal(names.get(i, i)) for i in view.launches) or "All launches"
    period = f"{view.start:%d %b %Y} to {view.end:%d %b %Y}"
    return " · ".join(part for part in (launches, period, COMPARED[view.compare]) if part)
