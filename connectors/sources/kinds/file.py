"""The `file` kind: one export file on disk."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from connectors.errors import SourceError
from connectors.formats.adapters.base import Frames
from connectors.formats.export import read_export
from connectors.grid.limits import Limits, check_size
from connectors.health import DataHealth
from connectors.sources.kinds.base import Kind, source_path, text
from connectors.sources.source import SourceConfig


def read(
    source: SourceConfig,
    *,
    credentials: Mapping[str, Any] | None,
    health: DataHealth,
    limits: Limits,
) -> tuple[Frames, str]:
    path, data = _bytes(source, limits)
    frames = read_export(
        path.name,
        data,
        health,
        format=source.format,
        table=source.table,
        limits=limits,
        on_server=True,
        sheet=source.sheet,
    )
    return frames, hashlib.sha256(data).hexdigest()


def digest(source: SourceConfig, limits: Limits) -> str:
    return hashlib.sha256(_bytes(source, limits)[1]).hexdigest()


def _bytes(source: SourceConfig, limits: Limits) -> tuple[Path, bytes]:
    if source.path is None:
        raise SourceError("no 'path' is configured for this file source")
    try:
        # The size first: a file far over the bound is never loaded into memory.
        check_size(source.path.name, source.path.stat().st_size, limits)
        return source.path, source.path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {source.path} ({exc.strerror})") from None


def configure(entry: Mapping[str, Any], label: str, base: Path) -> dict[str, Any]:
    return {
        "path": source_path(entry, label, base),
        "sheet": text(entry, "sheet", label),
    }


KIND = Kind("file", ("path", "sheet"), configure, read, digest=digest)
