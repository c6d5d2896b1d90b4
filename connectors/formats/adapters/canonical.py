"""Files that already carry Tandem's canonical columns (contract/schema.py), e.g. a launch plan.

A missing `launch_id` column is allowed (rows go to launch rules, else unassigned);
other required columns must be there. Extra columns are left out with a note.
"""

from __future__ import annotations

from functools import partial

import polars as pl
from contract.schema import ALLOWED_VALUES, TABLES, Table

from connectors.errors import CellError
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.fields import Field, Kind
from connectors.formats.mapping import Record, build_table, field
from connectors.grid.cells import RawTable
from connectors.health import DataHealth


def _kind(spec: Table, name: str, dtype: pl.DataType) -> Kind:
    if dtype == pl.Date():
        return "date"
    if isinstance(dtype, pl.Datetime):
        return "stamp"
    if dtype == pl.Boolean():
        return "bool"
    if dtype == pl.Int64():
        return "count"
    if dtype == pl.Float64():
        return "money"
    return "id" if name in spec.key or name.endswith("_id") else "text"


def fields_of(spec: Table) -> tuple[Field, ...]:
    return tuple(field(n, n, kind=_kind(spec, n, d)) for n, d in spec.columns.items())


def _check_allowed(table: str, record: Record) -> None:
    for (name, column), allowed in ALLOWED_VALUES.items():
        value = record.get(column)
        if name == table and value is not None and value not in allowed:
            raise CellError(f"{column} '{value}' is not one of {', '.join(allowed)}")


def read_canonical(table: str, raw: RawTable, context: Context, health: DataHealth) -> Frames:
    spec = TABLES[table]
    check = partial(_check_allowed, table)
    return {table: build_table(raw, table, fields_of(spec), health, derive=check)}


ADAPTERS = tuple(
    Adapter(
        f"canonical_{name}",
        f"Tandem {name} table (columns: {', '.join(spec.columns)})",
        (name,),
        tuple(c for c in spec.required if c != "launch_id"),
        partial(read_canonical, name),
        known=tuple(spec.columns),
    )
    for name, spec in TABLES.items()
)
