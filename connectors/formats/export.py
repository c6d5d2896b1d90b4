"""One export file (bytes) into canonical frames and its data-health record."""

from __future__ import annotations

from connectors.errors import RefusedFile
from connectors.formats.adapters.base import Context, Frames
from connectors.formats.detect import detect
from connectors.grid.cells import table_from
from connectors.grid.decode import read_grid
from connectors.grid.limits import DEFAULT_LIMITS, Limits, check_rows, check_size
from connectors.health import DataHealth


def read_export(
    file_name: str,
    data: bytes,
    health: DataHealth,
    *,
    format: str | None = None,
    table: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    on_server: bool = False,
    sheet: str | None = None,
) -> Frames:
    """Canonical frames from one file; raises RefusedFile when the file is refused whole.

    Every refusal names the file, also those raised deep in an adapter (a date column).
    `on_server` marks a file declared in sources.toml or named on the command line (not
    an upload): a Parquet file of it that holds a canonical table is read in this
    process. Every file with a canonical table's columns is typed in bulk
    (connectors/formats/bulk.py). A workbook's `sheet` is read when named, else its
    first sheet with data.
    """
    # Imported here: the bulk path needs pyarrow (and numpy), which a sources file served
    # from its snapshots never loads.
    from connectors.formats.bulk import read_typed_parquet

    try:
        if on_server and format is None and data[:4] == b"PAR1":
            check_size(file_name, len(data), limits)
            typed = read_typed_parquet(file_name, data, health, table=table, limits=limits)
            if typed is not None:
                return typed
        return _read(file_name, data, health, format, table, limits, sheet)
    except RefusedFile as exc:
        if str(exc).startswith(file_name):
            raise
        raise RefusedFile(f"{file_name}: {exc}") from None


def _read(
    file_name: str,
    data: bytes,
    health: DataHealth,
    format: str | None,
    table: str | None,
    limits: Limits,
    sheet: str | None,
) -> Frames:
    check_size(file_name, len(data), limits)
    notes: list[str] = []
    grid = read_grid(file_name, data, notes, limits=limits, sheet=sheet)
    check_rows(file_name, len(grid.non_blank()) - 1, limits)  # all but the header
    adapter, header_at = detect(grid, format=format, table=table)
    health.format = adapter.name
    for note in notes:
        health.warn(f"{file_name}: {note}")
    raw = table_from(grid, header_at)
    if not raw.rows:
        if grid.unreadable:  # the only data line(s) could not be parsed: say where and why
            gap = grid.unreadable[0]
            raise RefusedFile(f"{file_name}, line {gap.line}: {gap.reason}")
        raise RefusedFile(f"{file_name} has a header row but no data rows")
    if adapter.known:  # a canonical table: typed a column at a time
        from connectors.formats.bulk import from_raw  # pyarrow, only when a file is typed

        frames = {adapter.tables[0]: from_raw(raw, adapter, health)}
    else:
        frames = adapter.read(raw, Context(grid.rows[:header_at]), health)
    for gap in grid.unreadable:
        health.rows_read += 1
        health.refuse(file_name, gap.line, None, gap.reason)
    return frames
