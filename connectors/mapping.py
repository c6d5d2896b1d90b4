"""Raw rows into one canonical table: find columns by header, type cells, refuse bad rows.

Adapters declare their columns as `Field`s; this module does the rest the same way for
every format, so every refused row is traced with file, line, column and reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from connectors import dates, values
from connectors.errors import CellError
from connectors.health import DataHealth
from connectors.raw import RawTable, normalise
from kpi.schema import TABLES, UNASSIGNED

Kind = Literal["text", "money", "count", "float", "date", "stamp", "bool", "id"]
Record = dict[str, Any]
Derive = Callable[[Record], None]


@dataclass(frozen=True)
class Field:
    """One canonical column and the export headers it may come from (first found wins)."""

    target: str
    sources: tuple[str, ...] = ()
    kind: Kind = "text"
    default: Any = None  # used when the column is absent or the cell is empty


def field(target: str, *sources: str, kind: Kind = "text", default: Any = None) -> Field:
    return Field(target, tuple(normalise(s) for s in sources), kind, default)


@dataclass(frozen=True)
class _Column:
    spec: Field
    position: int | None
    header: str | None
    order: dates.Order
    decimal: str


def find(raw: RawTable, *names: str) -> int | None:
    index = raw.index()
    return next((index[n] for n in map(normalise, names) if n in index), None)


def build_table(
    raw: RawTable,
    table: str,
    fields: Sequence[Field],
    health: DataHealth,
    *,
    derive: Derive | None = None,
) -> pl.DataFrame:
    """The canonical `table` from `raw`; rows that cannot be typed are refused, not dropped."""
    mark = _file_decimal_mark(raw, fields)
    columns = [_locate(raw, spec, mark) for spec in fields]
    spec = TABLES[table]
    key_header = {c.spec.target: c.header for c in columns}.get(spec.key[0]) or spec.key[0]
    records: list[Record] = []
    first_line: dict[tuple[Any, ...], int] = {}
    health.rows_read += len(raw.rows)
    for row, line in zip(raw.rows, raw.lines, strict=True):
        try:
            record = _typed_record(row, columns, spec.required, derive)
        except _RowError as exc:
            health.refuse(raw.file, line, exc.column, exc.reason)
            continue
        key = tuple(record.get(k) for k in spec.key)
        if key in first_line:
            reason = f"repeats the key {_show(key)} already read on line {first_line[key]}"
            health.refuse(raw.file, line, key_header, reason)
            continue
        first_line[key] = line
        records.append(record)
    health.rows_kept += len(records)
    rows = [{name: r.get(name) for name in spec.columns} for r in records]
    return pl.DataFrame(rows, schema=spec.schema, orient="row")


def _typed_record(
    row: list[str], columns: list[_Column], required: Sequence[str], derive: Derive | None
) -> Record:
    record = _record(row, columns)
    if derive is not None:
        _derive(derive, record)
    # Rows of unknown launch are kept under UNASSIGNED; launch rules may map them later.
    # Targets and events use an empty launch_id to mean "all launches", so only fill it
    # where the table requires one.
    if "launch_id" in required and record.get("launch_id") is None:
        record["launch_id"] = UNASSIGNED
    _check_required(record, required, columns)
    return record


class _RowError(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _derive(derive: Derive, record: Record) -> None:
    try:
        derive(record)
    except CellError as exc:
        raise _RowError(exc.column, str(exc)) from None


_NUMERIC_KINDS = ("money", "float", "count")


def _file_decimal_mark(raw: RawTable, fields: Sequence[Field]) -> str:
    """The decimal mark the file's numbers agree on; settles columns such as '1.200'."""
    cells: list[str] = []
    for spec in fields:
        position = find(raw, *spec.sources) if spec.kind in _NUMERIC_KINDS else None
        if position is not None:
            cells += raw.column(position)
    return values.infer_decimal_mark(cells)


def _locate(raw: RawTable, spec: Field, file_mark: str) -> _Column:
    position = find(raw, *spec.sources) if spec.sources else None
    header = raw.header[position] if position is not None else None
    cells = raw.column(position) if position is not None else []
    order = dates.Order.YMD
    if spec.kind in ("date", "stamp") and position is not None:
        order = dates.infer_order(cells, header or spec.target)
    decimal = values.infer_decimal_mark(cells, file_mark) if spec.kind in _NUMERIC_KINDS else "."
    return _Column(spec, position, header, order, decimal)


def _record(row: list[str], columns: list[_Column]) -> Record:
    record: Record = {}
    for col in columns:
        cell = row[col.position] if col.position is not None and col.position < len(row) else ""
        try:
            value = _typed(cell, col)
        except CellError as exc:
            raise _RowError(col.header, str(exc)) from None
        record[col.spec.target] = col.spec.default if value is None else value
    return record


def _typed(cell: str, col: _Column) -> Any:
    kind = col.spec.kind
    if kind == "text":
        return values.text(cell)
    if kind == "id":
        return _identifier(cell)
    if kind in ("money", "float"):
        return values.number(cell, col.decimal)
    if kind == "count":
        return values.integer(cell, col.decimal)
    if kind == "bool":
        return values.boolean(cell)
    if kind == "date":
        return dates.day(cell, col.order)
    return dates.stamp(cell, col.order)


def _identifier(cell: str) -> str | None:
    # Spreadsheets turn numeric ids into floats ("1001.0"); an id is text either way.
    s = values.text(cell)
    if s is not None and s.endswith(".0") and s[:-2].isdigit():
        return s[:-2]
    return s


def _check_required(record: Record, required: Sequence[str], columns: list[_Column]) -> None:
    headers = {c.spec.target: c.header for c in columns}
    for name in required:
        if record.get(name) is None:
            header = headers.get(name)
            where = f"no value in '{header}'" if header else "no value"
            raise _RowError(header, f"{where}, needed for {name}")


def _show(key: tuple[Any, ...]) -> str:
    return ", ".join(str(k) for k in key)


def refuse_rows(health: DataHealth, raw: RawTable, keep: list[int], reason: str) -> RawTable:
    """Refuse every row not in `keep` with one reason (e.g. a cancelled order)."""
    kept = set(keep)
    for i, line in enumerate(raw.lines):
        if i not in kept:
            health.rows_read += 1
            health.refuse(raw.file, line, None, reason)
    return raw.subset(keep)
