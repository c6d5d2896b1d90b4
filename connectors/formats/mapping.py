"""Raw rows into one canonical table: find columns by header, type cells, refuse bad rows.

Adapters declare their columns as `Field`s; this module does the rest the same way for
every format, so every refused row is traced with file, line, column and reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from contract.schema import TABLES, UNASSIGNED

from connectors.errors import CellError
from connectors.formats.fields import (
    Column,
    Field,
    Record,
    field,
    file_decimal_mark,
    find,
    locate,
    typed_cells,
)
from connectors.grid.cells import RawTable, normalise
from connectors.health import DataHealth

Derive = Callable[[Record], None]
__all__ = [
    "Derive",
    "Field",
    "Record",
    "RowRefused",
    "add_up",
    "build_table",
    "extra_cells_reason",
    "field",
    "find",
    "refuse_rows",
    "shown_key",
    "typed_record",
    "warn_closed_before_created",
]


def build_table(
    raw: RawTable,
    table: str,
    fields: Sequence[Field],
    health: DataHealth,
    *,
    derive: Derive | None = None,
    sum_repeats: bool = False,
    also_uses: Sequence[str] = (),
) -> pl.DataFrame:
    """The canonical `table` from `raw`; rows that cannot be typed are refused, not dropped.

    With `sum_repeats`, rows repeating a key are added up instead of refused: an ads export
    at ad-set or ad level has several rows per campaign and day. `also_uses` names headers
    the adapter read itself, so that they are not reported as left out.
    """
    mark = file_decimal_mark(raw, fields)
    columns = [locate(raw, spec, mark) for spec in fields]
    _note_unused(raw, [c.header for c in columns if c.header] + list(also_uses), health)
    spec = TABLES[table]
    key_header = {c.spec.target: c.header for c in columns}.get(spec.key[0]) or spec.key[0]
    # Rows are kept as tuples in column order, not as the typed dicts: a dict per row
    # costs about 1 KB, which a 50 MB export multiplies into gigabytes.
    rows: list[tuple[Any, ...]] = []
    kept_lines: list[int] = []
    names = tuple(spec.columns)
    first_line: dict[tuple[Any, ...], int] = {}
    health.rows_read += len(raw.rows)
    for row, line in zip(raw.rows, raw.lines, strict=True):
        extra = extra_cells_reason(row, len(raw.header))
        if extra:
            health.refuse(raw.file, line, None, extra)
            continue
        try:
            record = typed_record(row, columns, spec.required, derive)
        except RowRefused as exc:
            health.refuse(raw.file, line, exc.column, exc.reason)
            continue
        key = tuple(record.get(k) for k in spec.key)
        if key in first_line and not sum_repeats:
            reason = f"repeats the key {shown_key(key)} already read on line {first_line[key]}"
            health.refuse(raw.file, line, key_header, reason)
            continue
        first_line.setdefault(key, line)
        rows.append(tuple(record.get(name) for name in names))
        kept_lines.append(line)
    health.rows_kept += len(rows)
    frame = pl.DataFrame(rows, schema=spec.schema, orient="row")
    if table == "deals":
        warn_closed_before_created(frame, kept_lines, raw.file, health)
    return _summed(frame, table, health, raw.file) if sum_repeats else frame


_SHOWN_COLUMNS = 8
_SHOWN_LINES = 5


def warn_closed_before_created(
    deals: pl.DataFrame, lines: list[int], file: str, health: DataHealth
) -> None:
    """Deals that close before they were created: kept, named, left out of the cycle.

    Their close date still dates their revenue, and created_at and closed_at stay as
    exported; the engine leaves a deal whose closed_at is before its created_at out of
    the sales cycle (docs/architecture.md, "Dates that contradict each other").
    """
    early = (deals["closed_at"] < deals["created_at"]).fill_null(False).to_list()
    at = [line for line, wrong in zip(lines, early, strict=True) if wrong]
    if at:
        more = len(at) - _SHOWN_LINES
        shown = ", ".join(map(str, at[:_SHOWN_LINES])) + (f" and {more} more" if more > 0 else "")
        health.warn(
            f"{file}: {len(at)} deal(s) closed before they were created (line {shown}); "
            "their revenue counts on the close date, but they are left out of the sales cycle"
        )


def _note_unused(raw: RawTable, used: list[str], health: DataHealth) -> None:
    taken = {normalise(u) for u in used}
    unused = [h for h in raw.header if h.strip() and normalise(h) not in taken]
    if unused:
        more = len(unused) - _SHOWN_COLUMNS
        shown = ", ".join(unused[:_SHOWN_COLUMNS]) + (f" and {more} more" if more > 0 else "")
        health.warn(f"{raw.file}: columns Tandem does not use were left out: {shown}")


def add_up(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """`frame` with rows repeating a key added up into one row per key, in first-seen order."""
    spec = TABLES[table]
    key = list(spec.key)
    if frame.select(pl.struct(key).n_unique()).item() == frame.height:
        return frame
    numeric = [n for n, d in spec.columns.items() if d.is_numeric() and n not in key]
    flags = [n for n, d in spec.columns.items() if d == pl.Boolean() and n not in key]
    # Text that differs between the summed rows (e.g. a region breakdown) cannot stay.
    text = [n for n in spec.columns if n not in key and n not in numeric and n not in flags]
    return (
        frame.with_row_index("_order")
        .group_by(key)
        .agg(
            pl.col("_order").min(),
            # A column empty in every summed row stays empty rather than becoming 0.
            *[
                pl.when(pl.col(n).is_not_null().any()).then(pl.col(n).sum()).alias(n)
                for n in numeric
            ],
            *[pl.col(n).any(ignore_nulls=True).alias(n) for n in flags],  # estimated if any is
            *[pl.when(pl.col(n).n_unique() == 1).then(pl.col(n).first()).alias(n) for n in text],
        )
        .sort("_order")
        .drop("_order")
        .select(list(spec.columns))
    )


def _summed(frame: pl.DataFrame, table: str, health: DataHealth, file: str) -> pl.DataFrame:
    summed = add_up(frame, table)
    if summed.height == frame.height:
        return frame
    key = list(TABLES[table].key)
    health.warn(
        f"{file}: {frame.height} rows added up into {summed.height} {', '.join(key)} rows "
        "(the export has several rows per campaign and day, e.g. per ad set or region)"
    )
    return summed


def typed_record(
    row: list[str], columns: list[Column], required: Sequence[str], derive: Derive | None
) -> Record:
    try:
        record = typed_cells(row, columns)
        if derive is not None:
            derive(record)
    except CellError as exc:
        raise RowRefused(exc.column, str(exc)) from None
    # Rows of unknown launch are kept under UNASSIGNED; launch rules may map them later.
    # Targets and events use an empty launch_id to mean "all launches", so only fill it
    # where the table requires one.
    if "launch_id" in required and record.get("launch_id") is None:
        record["launch_id"] = UNASSIGNED
    _check_required(record, required, columns)
    return record


def extra_cells_reason(row: list[str], width: int) -> str | None:
    """Why a row with filled cells beyond the header is refused, else None.

    Such a row almost always holds a value with the delimiter in it and no quotes, so
    every cell after it sits in the wrong column; keeping it would misfile its values.
    Empty trailing cells (spreadsheets pad rows with them) are harmless.
    """
    if len(row) <= width or not any(cell.strip() for cell in row[width:]):
        return None
    return (
        f"has {len(row)} cells where the header has {width}: a value holding the "
        "delimiter without quotes would shift every cell after it"
    )


class RowRefused(Exception):
    """A row the cell rules refuse: the column at fault (None: the whole row) and why."""

    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _check_required(record: Record, required: Sequence[str], columns: list[Column]) -> None:
    headers = {c.spec.target: c.header for c in columns}
    for name in required:
        if record.get(name) is None:
            header = headers.get(name)
            where = f"no value in '{header}'" if header else "no value"
            raise RowRefused(header, f"{where}, needed for {name}")


def shown_key(key: tuple[Any, ...]) -> str:
    return ", ".join(str(k) for k in key)


def refuse_rows(
    health: DataHealth, raw: RawTable, keep: list[int], reason: str, *, column: str | None = None
) -> RawTable:
    """Refuse every row not in `keep` with one reason (e.g. a cancelled order)."""
    kept = set(keep)
    for i, line in enumerate(raw.lines):
        if i not in kept:
            health.rows_read += 1
            health.refuse(raw.file, line, column, reason)
    return raw.subset(keep)
