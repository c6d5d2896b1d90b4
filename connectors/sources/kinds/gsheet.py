"""The `gsheet` kind: one worksheet of a Google Sheet, typed by the same adapters as files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from connectors.formats.adapters.base import Context, Frames
from connectors.formats.detect import detect
from connectors.grid.cells import table_from
from connectors.grid.gsheets import read_sheet
from connectors.grid.limits import Limits, check_rows
from connectors.health import DataHealth
from connectors.sources.config import SourceConfig


def read(
    source: SourceConfig,
    *,
    credentials: Mapping[str, Any] | None,
    health: DataHealth,
    limits: Limits,
) -> tuple[Frames, str]:
    grid = read_sheet(
        credentials, url=source.url, key=source.key, worksheet=source.worksheet, gid=source.gid
    )
    check_rows(grid.file, len(grid.non_blank()) - 1, limits)  # the same bound as a file
    adapter, header_at = detect(grid, format=source.format, table=source.table)
    health.format = adapter.name
    frames = adapter.read(table_from(grid, header_at), Context(grid.rows[:header_at]), health)
    return frames, hashlib.sha256(json.dumps(grid.rows).encode()).hexdigest()
