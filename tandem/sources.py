"""Reading the sources for the command line, as the app does (ui/data.py), and saying
how each read went: one line per source for stderr and the CSV, a record for JSON."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

import connectors
from connectors import ConfigError, SourceConfig, SourceRead
from connectors.errors import SourceError
from connectors.sources import warehouse
from connectors.sources.canonical_folder import parquet_of, read_tables
from contract.schema import TABLES
from kpi.engines import ENGINES, EngineName, on_frames, on_parquet
from kpi.engines.postgres import on_run
from kpi.engines.sql import FACTS
from kpi.model import Model

SECRETS = Path(".streamlit/secrets.toml")
DEMO = SourceConfig(name="demo", kind="demo")  # the bundled brand, when no sources are given
DEMO_SNAPSHOTS = Path(".tandem/snapshots")  # never written: the demo is not snapshotted


class SourcesError(Exception):
    """The sources file cannot be used; the message says why, in plain words."""


@dataclass(frozen=True)
class Sources:
    """Every source's read, and the currency the sources file reports in (None: the
    data's most common)."""

    reads: list[SourceRead]
    reporting_currency: str | None = None
    engine: EngineName = "polars"  # [settings] engine
    config: tuple[SourceConfig, ...] = ()
    secrets: Mapping[str, Any] | None = None

    def tables(self) -> dict[str, pl.DataFrame]:
        """The canonical tables, combined as the app combines them (ui/data.py)."""
        return connectors.combine(self.reads, reporting_currency=self.reporting_currency)

    def model(self, engine: EngineName | None = None) -> Model:
        """The model the KPIs are computed on: in `engine` (the settings' by default),
        or in the warehouse when a warehouse source was read."""
        tables = self.tables()
        ready = {r.name for r in self.reads if r.kind == "warehouse" and not r.health.error}
        stores = [s for s in self.config if s.name in ready]
        if not stores:
            return on_frames(engine or self.engine, tables)
        if len(stores) > 1:
            raise SourcesError("only one warehouse source can hold the fact tables")
        return _in_warehouse(stores[0], tables, self.reads, self.secrets)


def _in_warehouse(
    store: SourceConfig,
    tables: dict[str, pl.DataFrame],
    reads: Sequence[SourceRead],
    secrets: Mapping[str, Any] | None,
) -> Model:
    """The warehouse's model; the other sources may give planning tables only."""
    for read in reads:
        giving = [t for t in warehouse.FACTS if read.name != store.name and read.tables[t].height]
        if giving:
            raise SourcesError(
                f"source {read.name} gives {', '.join(giving)} rows, which the warehouse "
                f"source {store.name} holds; give each table from one place"
            )
    assert store.url is not None
    try:
        opened = warehouse.connect(
            store.url, dict(store.options["tables"]), password=_password(store, secrets)
        )
    except SourceError as exc:
        raise SourcesError(f"source {store.name}: {exc}") from None
    planning = {name: frame for name, frame in tables.items() if name not in warehouse.FACTS}
    return on_run(opened.run, opened.relations(), planning)


def _password(source: SourceConfig, secrets: Mapping[str, Any] | None) -> str | None:
    key = source.options.get("password")
    value = (secrets or {}).get(key) if key else None
    return value if isinstance(value, str) else None


def on_folder(engine: EngineName, folder: Path) -> Model:
    """The model of a canonical Parquet folder: polars loads every table; DuckDB and
    Spark scan the fact tables where they are and get the small planning tables read."""
    if engine == "polars":
        return on_frames("polars", read_tables(folder, tuple(TABLES)))
    planning = read_tables(folder, tuple(t for t in TABLES if t not in FACTS))
    return on_parquet(engine, {table: parquet_of(folder, table) for table in FACTS}, planning)


def read_sources(path: Path | None) -> Sources:
    """Every source of the sources file at `path` (the demo brand without one), read."""
    if path is None:
        return Sources(
            [connectors.read_source(DEMO, credentials=None, snapshot_dir=DEMO_SNAPSHOTS)]
        )
    try:
        config = connectors.load_config(path)
    except ConfigError as exc:
        raise SourcesError(str(exc)) from None
    if config is None:
        raise SourcesError(f"{path} does not exist")
    if not config.sources:
        raise SourcesError(f"{path} declares no source (each one is a [[source]] table)")
    engine = config.engine or "polars"
    if engine not in ENGINES:
        raise SourcesError(
            f"{path}: [settings] field 'engine' must be one of {', '.join(ENGINES)}, not {engine!r}"
        )
    secrets = read_secrets()
    reads = [
        connectors.read_source(
            source, credentials=_credentials(source, secrets), snapshot_dir=config.snapshot_dir
        )
        for source in config.sources
    ]
    return Sources(reads, config.reporting_currency, engine, config.sources, secrets)


def refused_whole(reads: Sequence[SourceRead]) -> list[str]:
    """The sources whose read failed now (their numbers are missing or a snapshot's)."""
    return [read.name for read in reads if read.health.error]


def _status(read: SourceRead) -> str:
    if read.stale_since is not None:
        return "stale"
    return "refused" if read.health.error else "ok"


def health_lines(reads: Sequence[SourceRead]) -> list[str]:
    """One line per source saying how its read went, then one per warning."""
    lines = []
    for read in reads:
        health = read.health
        kind = ", ".join(dict.fromkeys(part for part in (read.kind, health.format) if part))
        named = f"source {read.name} ({kind})"
        if read.stale_since is not None:
            lines.append(
                f"{named}: stale since {read.stale_since:%Y-%m-%d %H:%M} UTC ({health.error}); "
                "its last good read is used"
            )
        elif health.error:
            lines.append(f"{named}: refused ({health.error}); its numbers are missing")
        else:
            lines.append(
                f"{named}: ok; {health.rows_read} rows read, {health.rows_kept} kept, "
                f"{health.rows_refused} refused"
            )
        lines += [f"source {read.name}: warning: {warning}" for warning in health.warnings]
    return lines


def health_records(reads: Sequence[SourceRead]) -> list[dict[str, Any]]:
    """Each source's health as plain data, for the JSON report."""
    return [
        {
            "source": read.name,
            "kind": read.kind,
            "format": read.health.format,
            "status": _status(read),
            "error": read.health.error,
            "stale_since": read.stale_since.isoformat() if read.stale_since else None,
            "rows_read": read.health.rows_read,
            "rows_kept": read.health.rows_kept,
            "rows_refused": read.health.rows_refused,
            "warnings": list(read.health.warnings),
        }
        for read in reads
    ]


def read_secrets(path: Path = SECRETS) -> Mapping[str, Any] | None:
    """The secrets file (.streamlit/secrets.toml), if there is a readable one."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None


def secrets_section(name: str, path: Path = SECRETS) -> Mapping[str, Any] | None:
    """One [section] of the secrets file, if it has it."""
    section = (read_secrets(path) or {}).get(name)
    return section if isinstance(section, dict) else None


def _credentials(
    source: SourceConfig, secrets: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    """What a source signs in with, from .streamlit/secrets.toml: a warehouse its password
    (by the key it names), any other the Google service account, if there is one."""
    if source.kind == "warehouse":
        password = _password(source, secrets)
        return None if password is None else {"password": password}
    account = (secrets or {}).get("gcp_service_account")
    return account if isinstance(account, dict) else None
