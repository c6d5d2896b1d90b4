"""Parquet files that already hold a canonical table, dtypes included: checked in bulk.

A Tandem snapshot, a warehouse extract or the benchmark's data set carries the canonical
columns with their dtypes. Every other export is turned into text and typed cell by cell
(about 150 µs a row); here the same verdicts are reached in bulk: a row missing a
required value, with a value outside its allowed set, or repeating an earlier row's key
is refused with its row number, column and reason, and every other row is kept as is.

Only files on the server's own disk, declared in sources.toml, take this path, and only
when their footer names exactly a canonical table's columns and dtypes: such a file is
read in this process, as Tandem reads its own snapshots. Uploads are untrusted and are
always decoded in a child process (connectors/grid/isolated.py).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import polars as pl
from contract.schema import ALLOWED_VALUES, TABLES, Table

from connectors.formats.adapters.base import Frames
from connectors.grid.limits import Limits, check_rows
from connectors.health import DataHealth
from connectors.keys import key_expr

_ROW = "__row"
_WHY = "__why"
_COLUMN = "__column"


def canonical_table(schema: Mapping[str, pl.DataType], table: str | None) -> Table | None:
    """The canonical table whose columns and dtypes `schema` has exactly, if any."""
    for spec in TABLES.values():
        if table in (None, spec.name) and dict(schema) == dict(spec.columns):
            return spec
    return None


def read_typed_parquet(
    file_name: str, data: bytes, health: DataHealth, *, table: str | None, limits: Limits
) -> Frames | None:
    """The file's canonical table with bad rows refused; None when it is not such a file."""
    try:
        schema = pl.read_parquet_schema(io.BytesIO(data))  # the footer only
    except Exception:  # not a readable footer: the general path reports it in words
        return None
    spec = canonical_table(schema, table)
    if spec is None:
        return None
    frame = pl.read_parquet(io.BytesIO(data))
    check_rows(file_name, frame.height, limits)
    health.format = f"canonical_{spec.name}"
    return {spec.name: _checked(file_name, frame.select(list(spec.columns)), spec, health)}


def _checked(file_name: str, frame: pl.DataFrame, spec: Table, health: DataHealth) -> pl.DataFrame:
    problems: list[tuple[pl.Expr, str, str]] = [
        (pl.col(name).is_null(), name, f"{name} is empty but required")
        for name in spec.required
        if name != "launch_id"  # no launch yet: launch rules, else (unassigned)
    ]
    for (table, column), allowed in ALLOWED_VALUES.items():
        if table == spec.name:
            outside = pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed)
            problems.append((outside, column, f"{column} is not one of {', '.join(allowed)}"))
    repeated = ~key_expr(spec.key).is_first_distinct()
    problems.append(
        (repeated, spec.key[0], f"repeats the key ({', '.join(spec.key)}) of an earlier row")
    )
    health.rows_read += frame.height
    if not frame.select(pl.any_horizontal(c for c, _, _ in problems).any()).item():
        health.rows_kept += frame.height  # the usual case: nothing to name row by row
        return frame
    reason_of: pl.Expr = pl.lit(None, pl.String)
    column_of: pl.Expr = pl.lit(None, pl.String)
    for condition, name, reason in reversed(problems):  # the first problem found is named
        reason_of = pl.when(condition).then(pl.lit(reason)).otherwise(reason_of)
        column_of = pl.when(condition).then(pl.lit(name)).otherwise(column_of)
    marked = frame.with_row_index(_ROW, offset=1).with_columns(
        reason_of.alias(_WHY), column_of.alias(_COLUMN)
    )
    refused = marked.filter(pl.col(_WHY).is_not_null())
    for row, name, reason in refused.select(_ROW, _COLUMN, _WHY).iter_rows():
        health.refuse(file_name, row, name, reason)
    kept = marked.filter(pl.col(_WHY).is_null()).drop(_ROW, _WHY, _COLUMN)
    health.rows_kept += kept.height
    return kept
