"""The `warehouse` kind: canonical tables in a SQL warehouse, queried in place.

    [[source]]
    name = "Warehouse"
    kind = "warehouse"
    url = "postgresql://tandem@127.0.0.1:5432/analytics"   # or bigquery://, snowflake://
    password = "warehouse_password"   # a key of .streamlit/secrets.toml, not the password
    tables = { leads = "crm.leads", deals = "crm.deals", spend = "ads.spend", ... }
    refresh_minutes = 15              # optional: query again at least this often

BigQuery names its service account's JSON key (`service_account = "…"`), Snowflake a
password or a private key (`private_key = "…"`): each a key of the secrets, never the
secret (connectors/sources/warehouses, which declares which warehouse takes which).

The app queries again when the tables' version changes (`version` of the open
warehouse); a table the probe cannot see (a view) is re-read every `refresh_minutes`,
5 by default (docs/architecture.md, "Caching").

Reading it checks the tables (connectors/sources/warehouses) and reads the planning
tables; the fact tables stay in the warehouse, where the KPI engine queries them
(kpi/engines, docs/architecture.md "Engines").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import psycopg
from contract.schema import TABLES
from psycopg.conninfo import conninfo_to_dict

from connectors.errors import ConfigError, SourceError
from connectors.formats.adapters.base import Frames
from connectors.grid.limits import Limits
from connectors.health import DataHealth
from connectors.sources import warehouse, warehouses
from connectors.sources.kinds.base import Kind, text, whole_number
from connectors.sources.source import SourceConfig

# Each warehouse's own scheme, for messages (postgres:// is read as postgresql:// too).
SCHEMES = ", ".join(f"{kind.schemes[0]}://" for kind in warehouses.KINDS)


def read(
    source: SourceConfig,
    *,
    credentials: Mapping[str, Any] | None,
    health: DataHealth,
    limits: Limits,
) -> tuple[Frames, str]:
    assert source.url is not None
    given = dict(credentials or {})
    for field in warehouses.SECRETS:
        if source.options.get(field) and given.get(field) is None:
            raise SourceError(
                f"no '{source.options[field]}' in .streamlit/secrets.toml for its {field}"
            )
    opened = warehouses.connect(source.url, dict(source.options["tables"]), given)
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


def _facts(opened: warehouses.Opened) -> list[tuple[str, str]]:
    return [(t, r) for t, r in opened.relations().items() if t in warehouse.FACTS]


def configure(entry: Mapping[str, Any], label: str, base: Path) -> dict[str, Any]:
    url = text(entry, "url", label)
    kind = warehouses.kind_of(url or "")
    if url is None or kind is None:
        raise ConfigError(f"{label}: field 'url' must be a {SCHEMES} URL")
    if _has_password(url):
        raise ConfigError(
            f"{label}: field 'url' holds a password; put it in .streamlit/secrets.toml "
            f"and name its key in field '{kind.secrets[0]}'"
        )
    if kind.check_url is not None:
        _checked(kind.check_url, label, "url", url)
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
        if (place := kind.place) is not None:
            _checked(lambda n: place(url, n), label, "tables", name)
    options: dict[str, Any] = {"tables": dict(tables), **_secret_keys(entry, label, kind)}
    minutes = whole_number(entry, "refresh_minutes", label)
    if minutes == 0:
        raise ConfigError(f"{label}: field 'refresh_minutes' must be at least 1")
    if minutes is not None:
        options["refresh_minutes"] = minutes
    return {"url": url, "options": options}


def _checked(check: Any, label: str, field: str, value: str) -> None:
    try:
        check(value)
    except ValueError as exc:
        raise ConfigError(f"{label}: field '{field}' {exc}") from None


def _secret_keys(entry: Mapping[str, Any], label: str, kind: warehouses.Kind) -> dict[str, str]:
    """The keys of the secrets the source names: only those its warehouse takes, one of
    them where it needs one to sign in."""
    named = {field: key for field in warehouses.SECRETS if (key := text(entry, field, label))}
    for field in named:
        if field not in kind.secrets:
            raise ConfigError(
                f"{label}: field '{field}' is not for a {kind.label} warehouse "
                f"(it takes {' or '.join(kind.secrets)})"
            )
    if kind.required and len(named) != 1:
        raise ConfigError(
            f"{label}: a {kind.label} warehouse signs in with "
            f"{' or '.join(repr(s) for s in kind.secrets)}: name one key of "
            ".streamlit/secrets.toml"
        )
    return named


def _has_password(url: str) -> bool:
    """A password anywhere in the URL (`user:password@`, `?password=…`), which belongs
    in secrets."""
    parts = urlsplit(url)
    if parts.password or any(k.lower() == "password" for k, _ in parse_qsl(parts.query)):
        return True
    if not url.startswith(("postgresql://", "postgres://")):
        return False
    try:
        return "password" in conninfo_to_dict(url)
    except psycopg.Error:
        return False  # connecting says what is wrong with it


# Read again every 5 minutes only when the version probe cannot see a table, or at least
# every `refresh_minutes` when the source sets it (ui/warehouse.py).
KIND = Kind(
    "warehouse",
    ("url", "tables", *warehouses.SECRETS, "refresh_minutes"),
    configure,
    read,
    refresh_seconds=300,
)
