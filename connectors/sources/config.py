"""sources.toml: which sources Tandem reads. No file means the bundled demo data.

Credentials never live here; the UI passes them in from `.streamlit/secrets.toml`.
Relative paths are resolved against the folder that holds the sources file. Every key
is checked: one Tandem does not know is refused with the nearest valid one, so a typo
(`[[sources]]`, `worksheet`) is never silently ignored.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract.schema import TABLES

from connectors.errors import ConfigError
from connectors.formats.adapters import ADAPTERS
from connectors.sources.kinds import KINDS
from connectors.sources.kinds.base import text
from connectors.sources.source import SourceConfig

__all__ = ["KINDS", "ConfigError", "SourceConfig", "SourcesConfig", "load_config"]

DEFAULT_SNAPSHOT_DIR = ".tandem/snapshots"
_TOP = ("source", "settings")
_SETTINGS = ("snapshot_dir", "reporting_currency", "engine")
_COMMON = ("name", "kind", "table", "format")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class SourcesConfig:
    path: Path
    sources: tuple[SourceConfig, ...]
    snapshot_dir: Path
    reporting_currency: str | None = None  # None: the data's most common currency
    # Which engine computes the KPIs (kpi/engines); the command line and the app check
    # the name against the engines they have. None: the default, polars.
    engine: str | None = None


def load_config(path: Path | None = None) -> SourcesConfig | None:
    """The sources file at `path`, $TANDEM_SOURCES or ./sources.toml; None when absent."""
    if path is None:
        path = Path(os.environ.get("TANDEM_SOURCES") or "sources.toml")
    if not path.exists():
        return None
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read as TOML ({exc})") from None
    check_keys(document, _TOP, f"{path}")
    base = path.resolve().parent
    entries = document.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{path}: sources are declared as [[source]] tables")
    sources = tuple(_source(entry, i, base) for i, entry in enumerate(entries, start=1))
    _check_unique(sources)
    settings = document.get("settings", {})
    if not isinstance(settings, dict):
        raise ConfigError(f"{path}: [settings] must be a table")
    check_keys(settings, _SETTINGS, f"{path}: [settings]")
    snapshot_dir = base / str(settings.get("snapshot_dir", DEFAULT_SNAPSHOT_DIR))
    currency = settings.get("reporting_currency")
    if currency is not None and (not isinstance(currency, str) or not _CURRENCY.match(currency)):
        raise ConfigError(
            f"{path}: [settings] field 'reporting_currency' must be a three-letter currency "
            f"code such as EUR, not {currency!r}"
        )
    engine = text(settings, "engine", f"{path}: [settings]")
    return SourcesConfig(path, sources, snapshot_dir, currency, engine)


def check_keys(table: Mapping[str, Any], valid: Iterable[str], where: str) -> None:
    """Refuse the first key of `table` not in `valid`, naming the nearest valid key."""
    allowed = list(valid)
    for key in table:
        if key in allowed:
            continue
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(allowed)}"
        raise ConfigError(f"{where}: unknown key '{key}' ({hint})")


def _source(entry: dict[str, Any], number: int, base: Path) -> SourceConfig:
    name = entry.get("name")
    label = f"source #{number}" if not isinstance(name, str) or not name.strip() else f"'{name}'"
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{label}: field 'name' is missing")
    kind = KINDS.get(entry.get("kind"))  # type: ignore[arg-type]
    if kind is None:
        raise ConfigError(
            f"{label}: field 'kind' must be one of {', '.join(KINDS)}, not {entry.get('kind')!r}"
        )
    check_keys(entry, _COMMON + kind.keys, f"{label} (kind '{kind.name}')")
    table, fmt = entry.get("table"), entry.get("format")
    if table is not None and table not in TABLES:
        raise ConfigError(f"{label}: field 'table' must be one of {', '.join(TABLES)}")
    if fmt is not None and fmt not in ADAPTERS:
        raise ConfigError(f"{label}: field 'format' must be one of {', '.join(ADAPTERS)}")
    return SourceConfig(
        name=name, kind=kind.name, table=table, format=fmt, **kind.configure(entry, label, base)
    )


def _check_unique(sources: tuple[SourceConfig, ...]) -> None:
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise ConfigError(f"'{source.name}': field 'name' is used by two sources")
        seen.add(source.name)
