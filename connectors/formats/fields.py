"""Where each canonical column comes from in an export, and how its cells are typed.

A `Field` names a canonical column, the export headers it may come from and its kind;
the decimal mark and day/month order are decided once per column, from all its values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from connectors.errors import CellError
from connectors.formats import dates, values
from connectors.grid.cells import RawTable, normalise

Kind = Literal["text", "money", "count", "float", "date", "stamp", "bool", "id"]
Record = dict[str, Any]


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
class Column:
    spec: Field
    position: int | None
    header: str | None
    order: dates.Order
    decimal: str


def find(raw: RawTable, *names: str) -> int | None:
    index = raw.index()
    return next((index[n] for n in map(normalise, names) if n in index), None)


_NUMERIC_KINDS = ("money", "float", "count")


def file_decimal_mark(raw: RawTable, fields: Sequence[Field]) -> str:
    """The decimal mark the file's numbers agree on; settles columns such as '1.200'."""
    cells: list[str] = []
    for spec in fields:
        position = find(raw, *spec.sources) if spec.kind in _NUMERIC_KINDS else None
        if position is not None:
            cells += raw.column(position)
    return values.infer_decimal_mark(cells)


def locate(raw: RawTable, spec: Field, file_mark: str) -> Column:
    position = find(raw, *spec.sources) if spec.sources else None
    header = raw.header[position] if position is not None else None
    cells = raw.column(position) if position is not None else []
    order = dates.Order.YMD
    if spec.kind in ("date", "stamp") and position is not None:
        order = dates.infer_order(cells, header or spec.target)
    decimal = values.infer_decimal_mark(cells, file_mark) if spec.kind in _NUMERIC_KINDS else "."
    return Column(spec, position, header, order, decimal)


def typed_cells(row: list[str], columns: list[Column]) -> Record:
    record: Record = {}
    for col in columns:
        cell = row[col.position] if col.position is not None and col.position < len(row) else ""
        try:
            if "\x00" in cell:  # a NUL is binary damage, not text anyone typed
                raise CellError("holds a NUL byte (binary damage in the file)")
            value = _typed(cell, col)
        except CellError as exc:
            raise CellError(str(exc), col.header) from None
        record[col.spec.target] = col.spec.default if value is None else value
    return record


def _typed(cell: str, col: Column) -> Any:
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
