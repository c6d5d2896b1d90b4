"""sources.toml: which sources Tandem reads. No file means the bundled demo data.

Credentials never live here; the UI passes them in from `.streamlit/secrets.toml`.
Relative paths are resolved against the folder that holds the sources file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract.schema import TABLES

from connectors.errors import ConfigError
from connectors.formats.adapters import ADAPTERS

KINDS = ("gsheet", "file", "folder", "demo")
_COMMON = {"name", "kind", "table", "format"}
_FIELDS = {
    "gsheet": {"url", "key", "worksheet", "gid"},
    "file": {"path"},
    "folder": {"path"},
    "demo": {"seed", "leads"},
}
DEFAULT_SNAPSHOT_DIR = ".tandem/snapshots"


@dataclass(frozen=True)
class SourceConfig:
    name: str
    kind: str
    path: Path | None = None
    url: str | None = None
    key: str | None = None
    worksheet: str | None = None
    gid: int | None = None
    table: str | None = None  # forces the canonical table, else detected
    format: str | None = None  # forces the adapter, else detected
    # Demo only: {"seed": …, "leads": …}. Left out of the hash so a source can be a cache key.
    options: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class SourcesConfig:
    path: Path
    sources: tuple[SourceConfig, ...]
    snapshot_dir: Path


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
    base = path.resolve().parent
    entries = document.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{path}: sources are declared as [[source]] tables")
    sources = tuple(_source(entry, i, base) for i, entry in enumerate(entries, start=1))
    _check_unique(sources)
    settings = document.get("settings", {})
    snapshot_dir = base / str(settings.get("snapshot_dir", DEFAULT_SNAPSHOT_DIR))
    return SourcesConfig(path=path, sources=sources, snapshot_dir=snapshot_dir)


def _source(entry: dict[str, Any], number: int, base: Path) -> SourceConfig:
    name = entry.get("name")
    label = f"source #{number}" if not isinstance(name, str) or not name.strip() else f"'{name}'"
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{label}: field 'name' is missing")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{label}: field 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    unknown = set(entry) - _COMMON - _FIELDS[kind]
    if unknown:
        raise ConfigError(f"{label}: field '{sorted(unknown)[0]}' is not used by kind '{kind}'")
    table, fmt = entry.get("table"), entry.get("format")
    if table is not None and table not in TABLES:
        raise ConfigError(f"{label}: field 'table' must be one of {', '.join(TABLES)}")
    if fmt is not None and fmt not in ADAPTERS:
        raise ConfigError(f"{label}: field 'format' must be one of {', '.join(ADAPTERS)}")
    location = _location(entry, kind, label, base)
    options = {k: entry[k] for k in _FIELDS["demo"] if k in entry}
    for key, value in options.items():  # bool is an int in Python, but not a count
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{label}: field '{key}' must be a whole number")
    return SourceConfig(name=name, kind=kind, table=table, format=fmt, options=options, **location)


def _location(entry: dict[str, Any], kind: str, label: str, base: Path) -> dict[str, Any]:
    if kind in ("file", "folder"):
        return {"path": _path(entry, label, base)}
    if kind == "gsheet":
        if not entry.get("url") and not entry.get("key"):
            raise ConfigError(f"{label}: field 'url' (or 'key') is missing")
        gid = entry.get("gid")
        if gid is not None and not isinstance(gid, int):
            raise ConfigError(f"{label}: field 'gid' must be a whole number")
        return {k: entry.get(k) for k in ("url", "key", "worksheet", "gid")}
    return {}


def _path(entry: dict[str, Any], label: str, base: Path) -> Path:
    # Whether the file or folder is there is the read's business, not the config's: a
    # sync or mount gap makes that one source fail (served from its snapshot), never the
    # whole sources.toml (connectors/sources/read.py).
    raw = entry.get("path")
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"{label}: field 'path' is missing")
    return (base / Path(raw).expanduser()).resolve()


def _check_unique(sources: tuple[SourceConfig, ...]) -> None:
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise ConfigError(f"'{source.name}': field 'name' is used by two sources")
        seen.add(source.name)
