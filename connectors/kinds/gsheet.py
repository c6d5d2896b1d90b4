"""The `gsheet` kind: one worksheet of a Google Sheet, typed by the same adapters as files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from connectors.adapters.base import Context, Frames
from connectors.config import SourceConfig
from connectors.detect import detect
from connectors.gsheets import read_sheet
from connectors.health import DataHealth
from connectors.limits import Limits, check_rows
from connectors.raw import table_from


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
