"""A warehouse source in the app: one open connection, and its version probed at most
every PROBE_SECONDS (docs/architecture.md, "Caching").

The probe is what the configured sources' cache key holds for a warehouse: while the
tables' change counters stay the same, the reads, the model and every KPI cached on the
data's version stay; when one moves, all of them are computed again. A table the probe
cannot see (a view, a standby's tables) falls back to a refresh interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import streamlit as st

import compose
from connectors import SourceConfig
from connectors.errors import SourceError
from connectors.sources import warehouse, warehouses
from connectors.sources.kinds import KINDS

PROBE_SECONDS = 30  # a change shows in the app this long at most after the probe can see it


def secrets() -> Mapping[str, Any] | None:
    """.streamlit/secrets.toml as a mapping; never shown or logged."""
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, KeyError, OSError):
        return None


def _key(source: SourceConfig) -> tuple[str, str, tuple[tuple[str, str], ...], str]:
    """The source as a small cache key: its name, address, tables and its secrets' keys."""
    tables = tuple(sorted(dict(source.options["tables"]).items()))
    keys = repr([source.options.get(field) for field in warehouses.SECRETS])
    return source.name, source.url or "", tables, keys


def connection(source: SourceConfig) -> warehouses.Opened:
    """The warehouse's one open connection, shared by every session (its queries run one
    at a time); a ModelError names what is wrong."""
    return _connection(*_key(source), _source=source)


@st.cache_resource(max_entries=2, show_spinner="Connecting to the warehouse…")
def _connection(
    name: str, url: str, tables: tuple[tuple[str, str], ...], keys: str, _source: SourceConfig
) -> warehouses.Opened:
    return compose.open_warehouse(_source, secrets())


def version(source: SourceConfig) -> warehouse.Version:
    """The tables' version, asked at most every PROBE_SECONDS. Unreachable is a version
    too, blind to every table: the source is then read again, and fails visibly."""
    return _probed(*_key(source), _source=source)


@st.cache_resource(ttl=PROBE_SECONDS, max_entries=4, show_spinner=False)
def _probed(
    name: str, url: str, tables: tuple[tuple[str, str], ...], keys: str, _source: SourceConfig
) -> warehouse.Version:
    try:
        return connection(_source).version()
    except (compose.ModelError, SourceError):
        _connection.clear()  # a dropped connection is opened again on the next probe
        every = tuple(table for table, _ in tables)
        return warehouse.Version("unreachable", every, datetime.now(UTC))


def refresh_seconds(source: SourceConfig, probed: warehouse.Version | None) -> int | None:
    """How often a source is read again even when nothing says it changed: its
    `refresh_minutes`, else never for a warehouse whose probe sees every table, else its
    kind's interval (a Google Sheet's 10 minutes, a warehouse's 5)."""
    minutes = source.options.get("refresh_minutes")
    if isinstance(minutes, int):
        return minutes * 60
    if probed is not None and not probed.blind:
        return None
    return KINDS[source.kind].refresh_seconds


def forget() -> None:
    """Probe again on the next run (the Data page's refresh)."""
    _probed.clear()
