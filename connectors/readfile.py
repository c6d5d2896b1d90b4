"""One export file (bytes) into canonical frames and its data-health record."""

from __future__ import annotations

from connectors.adapters.base import Context, Frames
from connectors.detect import detect
from connectors.errors import RefusedFile
from connectors.files import read_grid
from connectors.health import DataHealth
from connectors.raw import table_from


def read_export(
    file_name: str,
    data: bytes,
    health: DataHealth,
    *,
    format: str | None = None,
    table: str | None = None,
) -> Frames:
    """Canonical frames from one file; raises RefusedFile when the file is refused whole."""
    notes: list[str] = []
    grid = read_grid(file_name, data, notes)
    adapter, header_at = detect(grid, format=format, table=table)
    health.format = adapter.name
    for note in notes:
        health.warn(f"{file_name}: {note}")
    raw = table_from(grid, header_at)
    if not raw.rows:
        raise RefusedFile(f"{file_name} has a header row but no data rows")
    return adapter.read(raw, Context(grid.rows[:header_at]), health)
