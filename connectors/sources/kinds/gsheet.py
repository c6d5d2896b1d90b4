"""The `gsheet` kind: one worksheet of a Google Sheet, typed by the same adapters as files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from connectors.errors import ConfigError
from connectors.formats.adapters.base import Context, Frames
from connectors.formats.detect import detect
from connectors.grid.cells import table_from
from connectors.grid.limits import Limits, check_rows
from connectors.health import DataHealth
from connectors.sources.kinds.base import Kind, text, whole_number
from connectors.sources.source import SourceConfig

# A sheet has no cheap version to look at: it is read again this often.
REFRESH_SECONDS = 600


def read(
    source: SourceConfig,
    *,
    credentials: Mapping[str, Any] | None,
    health: DataHealth,
    limits: Limits,
) -> tuple[Frames, str]:
    # Imported here: the Google client takes about a second to import, which every
    # command line and app start would pay without a sheet to read.
    from connectors.grid.gsheets import read_sheet

    grid = read_sheet(
        credentials, url=source.url, key=source.key, worksheet=source.sheet, gid=source.gid
    )
    check_rows(grid.file, len(grid.non_blank()) - 1, limits)  # the same bound as a file
    adapter, header_at = detect(grid, format=source.format, table=source.table)
    health.format = adapter.name
    frames = adapter.read(table_from(grid, header_at), Context(grid.rows[:header_at]), health)
    return frames, hashlib.sha256(json.dumps(grid.rows).encode()).hexdigest()


def configure(entry: Mapping[str, Any], label: str, base: Path) -> dict[str, Any]:
    if not entry.get("url") and not entry.get("key"):
        raise ConfigError(f"{label}: field 'url' (or 'key') is missing")
    return {
        "url": text(entry, "url", label),
        "key": text(entry, "key", label),
        "sheet": text(entry, "sheet", label),
        "gid": whole_number(entry, "gid", label),
    }


KIND = Kind("gsheet", ("url", "key", "sheet", "gid"), configure, read, REFRESH_SECONDS)
