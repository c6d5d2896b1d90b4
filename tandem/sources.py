"""Reading the sources for the command line, as the app does (ui/data.py), and saying
how each read went: one line per source for stderr and the CSV, a record for JSON.
The model on the chosen engine or in the warehouse is compose/'s, shared with the app."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

import compose
import connectors
from compose import on_folder
from connectors import ConfigError, SourceConfig, SourceRead
from kpi.engines import EngineName
from kpi.model import Model

__all__ = ["DEMO", "Sources", "SourcesError", "on_folder", "read_sources"]

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
        or in the warehouse when a warehouse source was read (compose/, as the app)."""
        try:
            model, _ = compose.model_of(
                self.tables(),
                self.reads,
                self.config,
                engine=engine or self.engine,
                connect=lambda store: compose.open_warehouse(store, self.secrets),
            )
        except compose.ModelError as exc:
            raise SourcesError(str(exc)) from None
        return model


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
    try:
        engine = compose.engine_of(config)
    except compose.ModelError as exc:
        raise SourcesError(str(exc)) from None
    secrets = read_secrets()
    reads = connectors.read_sources(
        config.sources,
        credentials=lambda source: compose.credentials_for(source, secrets),
        snapshot_dir=config.snapshot_dir,
    )
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
