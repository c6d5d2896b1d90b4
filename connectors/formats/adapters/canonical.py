"""Files that already carry Tandem's canonical columns (contract/schema.py), e.g. a launch plan.

A missing `launch_id` column is allowed (rows go to launch rules, else unassigned);
other required columns must be there. Extra columns are left out with a note. Channel
labels are read loosely ('Paid Search' is paid_search); a value outside the channel
vocabulary is filed under "other" and listed, its text kept in a lead's `origin` so a
channel rule can map it.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

import polars as pl
from contract.schema import ALLOWED_VALUES, CHANNELS, OTHER_CHANNEL, TABLES, Table

from connectors.errors import CellError
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.fields import Field, Kind
from connectors.formats.mapping import Record, build_table, field
from connectors.formats.vocabulary import value_key
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

_SHOWN = 6


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


def channel_and_allowed_values(table: str, unknown: Counter[str], record: Record) -> None:
    """A record's channel in the vocabulary (unknown labels counted in `unknown`, filed
    under 'other'), and every value with an allowed set in it; raises CellError if not."""
    channel = record.get("channel")
    if channel is not None and table in ("spend", "leads"):
        key = value_key(channel)
        if key not in CHANNELS:
            unknown[channel] += 1
            key = OTHER_CHANNEL
            if table == "leads" and record.get("origin") is None:
                record["origin"] = channel
        record["channel"] = key
    elif channel is not None:
        record["channel"] = value_key(channel)  # a rule's channel must be one: checked below
    for (name, column), allowed in ALLOWED_VALUES.items():
        value = record.get(column)
        if name == table and value is not None and value not in allowed:
            raise CellError(f"{column} '{value}' is not one of {', '.join(allowed)}")


def read_canonical(table: str, raw: RawTable, context: Context, health: DataHealth) -> Frames:
    spec = TABLES[table]
    unknown: Counter[str] = Counter()
    check = partial(channel_and_allowed_values, table, unknown)
    frame = build_table(raw, table, fields_of(spec), health, derive=check)
    if unknown:
        shown = ", ".join(f"'{v}' ({n})" for v, n in unknown.most_common(_SHOWN))
        health.warn(
            f"{raw.file}: {sum(unknown.values())} row(s) with a channel outside Tandem's "
            f"vocabulary are filed under channel 'other': {shown}; use one of "
            f"{', '.join(CHANNELS)}, or map them in a channel_rules table"
        )
    return {table: frame}


ADAPTERS = tuple(
    Adapter(
        f"canonical_{name}",
        f"Tandem {name} table (columns: {', '.join(spec.columns)})",
        (name,),
        tuple(c for c in spec.required if c != "launch_id"),
        partial(read_canonical, name),
        known=tuple(spec.columns),
        fix="Add those columns to the sheet, each named exactly as here.",
    )
    for name, spec in TABLES.items()
)
