"""The `warehouse` kind: canonical tables in a SQL warehouse, queried in place.

    [[source]]
    name = "Warehouse"
    kind = "warehouse"
    url = "postgresql://tandem@127.0.0.1:5432/analytics"
    password = "warehouse_password"   # a key of .streamlit/secrets.toml, not the password
    tables = { leads = "crm.leads", deals = "crm.deals", spend = "ads.spend", ... }
    refresh_minutes = 15              # optional: query again at least this often

The app queries again when the tables' version changes (connectors/sources/warehouse.py
`Warehouse.version`); a table the probe cannot see (a view) is re-read every
`refresh_minutes`, 5 by default (docs/architecture.md, "Caching").

Reading it checks the tables (connectors/sources/warehouse.py) and reads the planning
tables; the fact tables stay in the warehouse, where the KPI engine queries them
(kpi/engines, docs/architecture.md "Engines").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from contract.schema import TABLES
from psycopg.conninfo import conninfo_to_dict

from connectors.errors import ConfigError, SourceError
from connectors.formats.adapters.base import Frames
from connectors.grid.limits import Limits
from connectors.health import DataHealth
from connectors.sources import warehouse
from connectors.sources.kinds.base import Kind, text, whole_number
from connectors.sources.source import SourceConfig

SCHEMES = ("postgresql://", "postgres://")


def read(
    source: SourceConfig,
    *,
    credentials: Mapping[str, Any] | None,
    health: DataHealth,
    limits: Limits,
) -> tuple[Frames, str]:
    assert source.url is not None
    password = (credentials or {}).get("password")
    if source.options.get("password") and password is None:
        raise SourceError(
            f"no '{source.options['password']}' in .streamlit/secrets.toml for its password"
        )
    opened = warehouse.connect(source.url, dict(source.options["tables"]), password=password)
    try:
        planning = opened.read_planning()
        counts = {t: opened.run(f"SELECT COUNT(*) FROM {r}")[0][0] for t, r in _facts(opened)}
    finally:
        opened.close()
    health.format = "warehouse"
    rows = sum(frame.height for frame in planning.values()) + sum(counts.values())
    health.rows_read += rows
    health.rows_kept += rows
    version = repr(sorted(counts.items())) + repr([f.hash_rows().sum() for f in planning.values()])
    return planning, hashlib.sha256(version.encode()).hexdigest()


def _facts(opened: warehouse.Warehouse) -> list[tuple[str, str]]:
    return [(t, r) for t, r in opened.relations().items() if t in warehouse.FACTS]


def configure(entry: Mapping[str, Any], label: str, base: Path) -> dict[str, Any]:
    url = text(entry, "url", label)
    if url is None or not url.startswith(SCHEMES):
        raise ConfigError(f"{label}: field 'url' must be a postgresql:// URL")
    if ("@" in url and ":" in url.split("://", 1)[1].split("@", 1)[0]) or _has_password(url):
        raise ConfigError(
            f"{label}: field 'url' holds a password; put it in .streamlit/secrets.toml "
            "and name its key in field 'password'"
        )
    tables = entry.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise ConfigError(f"{label}: field 'tables' must map canonical tables to warehouse tables")
    for table, name in tables.items():
        if table not in TABLES:
            raise ConfigError(f"{label}: field 'tables' names {table!r}, not a canonical table")
        if not isinstance(name, str) or not warehouse.NAME.match(name):
            raise ConfigError(
                f"{label}: field 'tables' maps {table} to {name!r}, not a schema.table name"
            )
    options: dict[str, Any] = {"tables": dict(tables)}
    password = text(entry, "password", label)
    if password is not None:
        options["password"] = password
    minutes = whole_number(entry, "refresh_minutes", label)
    if minutes == 0:
        raise ConfigError(f"{label}: field 'refresh_minutes' must be at least 1")
    if minutes is not None:
        options["refresh_minutes"] = minutes
    return {"url": url, "options": options}


def _has_password(url: str) -> bool:
    """A password anywhere in the URL (`?password=…` too), which belongs in secrets."""
    try:
        return "password" in conninfo_to_dict(url)
    except psycopg.Error:
        return False  # connecting says what is wrong with it


# Read again every 5 minutes only when the version probe cannot see a table, or at least
# every `refresh_minutes` when the source sets it (ui/warehouse.py).
KIND = Kind(
    "warehouse",
    ("url", "tables", "password", "refresh_minutes"),
    configure,
    read,
    refresh_seconds=300,
)
