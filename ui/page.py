"""The pages, and what every page starts with: the data, the filters, title and subtitle.

Each page says here which filter groups it reads (ui/filters.py): the sidebar shows
those only, and the subtitle names those only (docs/architecture.md, "Filters").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st

from connectors.sources import warehouses
from kpi.filters import Filters
from kpi.periods import past_data_note
from present import describe
from present.formatting import literal
from ui import data, filters, pack
from ui.data import Loaded
from ui.views import Views

VIEW_FILTERS = frozenset(filters.GROUPS)


@dataclass(frozen=True, kw_only=True)
class PageSpec:
    script: str
    title: str
    icon: str
    uses: frozenset[str]  # the filter groups the page reads; the sidebar hides the others
    default: bool = False


PAGES = (
    PageSpec(
        script="app_pages/overview.py",
        title="Overview",
        icon=":material/dashboard:",
        uses=VIEW_FILTERS,
        default=True,
    ),
    PageSpec(
        script="app_pages/funnel.py",
        title="Funnel",
        icon=":material/filter_alt:",
        uses=frozenset({"dimensions", "period", "compare", "grain"}),
    ),
    PageSpec(  # Day 0 is each launch's date: the period does not apply, the day range does
        script="app_pages/launches.py",
        title="Launches",
        icon=":material/rocket_launch:",
        uses=frozenset({"dimensions", "sla"}),
    ),
    PageSpec(
        script="app_pages/handoff.py",
        title="Hand-off",
        icon=":material/handshake:",
        uses=VIEW_FILTERS,
    ),
    PageSpec(
        script="app_pages/data.py", title="Data", icon=":material/database:", uses=frozenset()
    ),
    PageSpec(
        script="app_pages/definitions.py",
        title="Definitions",
        icon=":material/menu_book:",
        uses=frozenset(),
    ),
)
BY_TITLE = {spec.title: spec for spec in PAGES}


@dataclass(frozen=True)
class PageContext:
    loaded: Loaded
    filters: Filters
    views: Views
    stamp: tuple[str, ...]  # a chart's subtitle lines: this page's filters and the as-of


def start(title: str) -> PageContext:
    loaded = data.load()
    view = filters.current(loaded.model)
    uses = BY_TITLE[title].uses
    st.title(title)
    st.caption(subtitle(loaded, view, uses))
    source_notices(loaded)
    note = past_data_note(view)
    if note and "period" in uses:
        st.warning(note, icon=":material/event_busy:")
    pack.buttons(loaded, view)
    return PageContext(loaded, view, Views(loaded), describe.stamp(loaded.model, view, uses))


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
    if loaded.model_error:
        st.error(
            "The sources cannot be computed together, so no data is shown: "
            + literal(loaded.model_error, limit=ERROR_CHARS)
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


def subtitle(loaded: Loaded, view: Filters, uses: frozenset[str]) -> str:
    """What the page shows, in the sidebar's words: the filters it uses, then how far
    the data goes (present/describe.py); values from the data and the link escaped."""
    return " · ".join(describe.parts(loaded.model, view, uses, outside=literal))


# A file engine's name as a person reads it (kpi/engines' names); a warehouse's is its
# kind's label (connectors/sources/warehouses).
ENGINE_NAMES = {"polars": "polars", "duckdb": "DuckDB", "spark": "Spark"}


def engine_name(engine: str) -> str:
    """The engine or warehouse computing the KPIs, as a person reads its name."""
    kind = warehouses.BY_NAME.get(engine)
    return kind.label if kind else ENGINE_NAMES.get(engine, engine)


@contextmanager
def section(context: PageContext, title: str | None = None) -> Iterator[None]:
    """A part of a page, under its subheader; one the model's engine cannot compute yet
    says so in its place and the rest of the page is drawn (docs/architecture.md,
    "Engines"). On polars nothing is caught: there, a refusal would be a bug."""
    if title:
        st.subheader(title)
    engine = context.loaded.model.engine
    try:
        yield
    except NotImplementedError:
        if engine is None:
            raise
        name = engine_name(engine.name)
        st.info(
            f"Not shown here yet: this part is computed in this process by polars only, and "
            f"the data is in {name}. The tiles and the KPI table are computed there.",
            icon=":material/construction:",
        )
