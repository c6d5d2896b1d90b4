"""Literal values of the catalog's polars expressions as SQL text (kpi/engines/sql_text.py).

A scalar (a number, a text, a day, an instant, a duration), the values of an `is_in`
list and of a literal Series (a series' bucket starts), each read from its serialized
form and written for one dialect.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from kpi.engines.sql_text import Dialect

Node = dict[str, Any]
_EPOCH = datetime(1970, 1, 1)
# Text in a dialect whose quoted literals read backslash escapes (BigQuery's GoogleSQL,
# Spark SQL by default): a quote and a backslash escaped, a line break written as \n.
_BACKSLASHED = str.maketrans({"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def backslashed(value: str) -> str:
    """`value` as a quoted literal of a dialect that reads backslash escapes."""
    return "'" + value.translate(_BACKSLASHED) + "'"


class Untranslatable(ValueError):
    """An expression holds a node this translation does not know."""


def series_values(node: Node, dialect: Dialect) -> list[str]:
    """The values of a literal Series (serialized as an Arrow IPC stream), as SQL."""
    series = node.get("Literal", {}).get("Series")
    if series is None:
        raise Untranslatable(f"expected a literal series, not {node}")
    values = pl.read_ipc_stream(io.BytesIO(bytes(series))).to_series()
    return [_value(v, dialect) for v in values]


def _value(value: Any, dialect: Dialect) -> str:
    if isinstance(value, datetime):
        return dialect.timestamp(value)
    if isinstance(value, date):
        return f"DATE '{value}'"
    if isinstance(value, int):
        return str(value)
    raise Untranslatable(f"no SQL for the literal {value!r} in a series")


def timestamp(moment: datetime) -> str:
    """An instant without time zone, as standard SQL writes it (PostgreSQL, DuckDB, Spark)."""
    return f"TIMESTAMP '{clock(moment)}'"


def clock(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="microseconds")


def list_values(node: Node, dialect: Dialect) -> list[str]:
    """The values of an `is_in` list (serialized as an Arrow IPC stream), as SQL text."""
    payload = bytes(node["Literal"]["Scalar"]["List"])
    frame = pl.read_ipc_stream(io.BytesIO(payload))
    return [dialect.text(str(v)) for v in frame.to_series().to_list()]


def literal(body: Node, dialect: Dialect) -> str:
    scalar = body.get("Scalar") or body.get("Dyn")
    if scalar is None:
        raise Untranslatable(f"no SQL for the literal {body}")
    (kind, value), *_ = scalar.items()
    if kind == "Null":
        return "NULL"
    if kind == "Boolean":
        return "TRUE" if value else "FALSE"
    if kind in ("Int", "Int64", "Int32", "UInt32", "UInt64"):
        return str(int(value))
    if kind in ("Float", "Float64"):
        return repr(float(value))
    if kind == "String":
        return dialect.text(value)
    if kind == "Date":
        return f"DATE '{date(1970, 1, 1) + timedelta(days=int(value))}'"
    if kind == "Datetime" and value[1] == "Microseconds" and value[2] is None:
        return dialect.timestamp(_EPOCH + timedelta(microseconds=int(value[0])))
    if kind == "Duration" and value[1] == "Microseconds":
        return dialect.interval(int(value[0]))
    raise Untranslatable(f"no SQL for the literal {kind} {value!r}")


def string(value: str) -> str:
    """Standard SQL's text literal: a quote doubled, every other character as it is."""
    return "'" + value.replace("'", "''") + "'"


# The largest unit a duration is a whole number of, for dialects that write a duration
# as a count of one unit (a small count: a 24-hour SLA is 24 hours, not 86.4e9 µs).
UNITS = (
    (86_400_000_000, "DAY"),
    (3_600_000_000, "HOUR"),
    (60_000_000, "MINUTE"),
    (1_000_000, "SECOND"),
    (1_000, "MILLISECOND"),
    (1, "MICROSECOND"),
)


def in_unit(micros: int) -> tuple[int, str]:
    """`micros` as a whole count of the largest unit that divides it."""
    size, unit = next((size, unit) for size, unit in UNITS if micros % size == 0)
    return micros // size, unit
