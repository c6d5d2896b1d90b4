"""What a source kind is: its keys in sources.toml, how they are checked, how it reads.

Each kind module ends with one `KIND` record; connectors/sources/kinds/__init__.py maps
names to them, and sources.toml, the reader and the UI's cache all derive from that
record (docs/architecture.md, "Source kinds").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from connectors.errors import ConfigError
from connectors.formats.adapters.base import Frames
from connectors.grid.limits import Limits
from connectors.health import DataHealth
from connectors.sources.source import SourceConfig


class Reader(Protocol):
    def __call__(
        self,
        source: SourceConfig,
        *,
        credentials: Mapping[str, Any] | None,
        health: DataHealth,
        limits: Limits,
    ) -> tuple[Frames, str]: ...


# (the entry's keys, "'Name'" for messages, the sources file's folder) → SourceConfig fields
Configure = Callable[[Mapping[str, Any], str, Path], dict[str, Any]]
# A digest of the source's input bytes, equal to the checksum its reader returns for the
# same bytes, taken without typing a row (raises SourceError where the reader would fail).
Digest = Callable[[SourceConfig, Limits], str]


@dataclass(frozen=True)
class Kind:
    name: str
    keys: tuple[str, ...]  # its own keys in a [[source]] entry, beside the common ones
    configure: Configure
    read: Reader
    # Read again at least this often even when nothing says it changed: a Google Sheet
    # has no cheap version to look at. None: its files' digests say when it changed.
    refresh_seconds: int | None = None
    # Set where the input's bytes can be hashed cheaply (files on disk): a source whose
    # digest equals its last snapshot's is served from the snapshot, not typed again.
    digest: Digest | None = None


def text(entry: Mapping[str, Any], key: str, label: str) -> str | None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ConfigError(f"{label}: field '{key}' must be a non-empty text")
    return value


def whole_number(entry: Mapping[str, Any], key: str, label: str) -> int | None:
    value = entry.get(key)
    # bool is an int in Python, but not a count
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise ConfigError(f"{label}: field '{key}' must be a whole number")
    return value


def source_path(entry: Mapping[str, Any], label: str, base: Path) -> Path:
    """The entry's path, resolved against the sources file's folder.

    Whether a file or folder is there is the read's business, not the config's: a sync or
    mount gap makes that one source fail (served from its snapshot, stale since its last
    read), never the whole sources.toml (connectors/sources/read.py).
    """
    raw = entry.get("path")
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"{label}: field 'path' is missing")
    return (base / Path(raw).expanduser()).resolve()
