"""The Data page's "Where the KPIs are computed": the engine, how fresh its answers
are, and the rows it holds; never a credential (docs/architecture.md, "Caching")."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from compose import Place
from connectors.sources import warehouses
from connectors.sources.warehouse import Version
from present.formatting import literal
from ui.data import Loaded
from ui.page import engine_name
from ui.warehouse import PROBE_SECONDS

_WHERE = {
    "polars": "in this process: every table is held in memory",
    "duckdb": "in this process: the tables are copied into it, only its answers come back",
    "spark": "a Spark session: the tables are copied into it, only its answers come back",
}


def _at(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "not yet"


def engine_line(place: Place) -> str:
    name = engine_name(place.engine)
    if place.in_warehouse:
        return (
            f"**Engine:** {name}, in the warehouse {literal(place.at)} (source "
            f"{literal(place.by)}): the KPIs are computed there, only their answers come back."
        )
    return f"**Engine:** {name}, {_WHERE.get(place.engine, literal(place.at))}."


def version_line(version: str, probed: Version | None, engine: str = "postgresql") -> str:
    if probed is None:
        return (
            f"**Version:** {version}, a digest of every row: a changed row is a new "
            "version, and the KPIs are computed again."
        )
    if probed.digest == "unreachable":
        return f"**Version:** unknown: the warehouse did not answer at {_at(probed.probed_at)}."
    kind = warehouses.BY_NAME.get(engine, warehouses.BY_NAME["postgresql"])
    line = (
        f"**Version:** {probed.digest}, from {kind.probe}, probed at "
        f"{_at(probed.probed_at)} and again every {PROBE_SECONDS} s; the KPIs are computed "
        "again when it moves."
    )
    if probed.blind:
        line += (
            f" Nothing to see for {', '.join(probed.blind)} ({kind.blind}): read again on "
            "the refresh interval instead."
        )
    return line


def rows_line(place: Place) -> str:
    held = " · ".join(f"{rows:,} {table}" for table, rows in place.rows.items())
    return f"**Rows it holds:** {held}."


def draw(loaded: Loaded) -> None:
    """The block, or nothing when no model could be built (the page's error says why)."""
    place = loaded.place
    if place is None:
        return
    lines = [engine_line(place), version_line(loaded.version, loaded.probed, place.engine)]
    if place.queries is not None:
        lines.append(f"**Last query answered:** {_at(place.last_query)}.")
    lines.append(rows_line(place))
    st.markdown("  \n".join(lines))
