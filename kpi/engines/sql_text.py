"""The catalog's polars expressions as SQL text (docs/architecture.md, "Engines").

A measure's value and condition are declared once, as polars expressions
(kpi/measures.py). A SQL engine runs the same expressions: each is read from its
serialized tree (`Expr.meta.serialize`) and written out as SQL for one dialect. Only
the few node kinds the catalog uses are known; any other is refused by name, so a new
measure that a SQL engine cannot run fails the conformance test
(tests/kpi/engines/test_conformance.py) instead of giving a different number.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from kpi.engines.sql_literals import (
    Node,
    Untranslatable,
    list_values,
    literal,
    series_values,
    string,
)
from kpi.engines.sql_literals import timestamp as standard_timestamp

__all__ = ["Dialect", "Untranslatable", "to_sql"]
_BINARY = {
    "And": "AND",
    "Or": "OR",
    "Eq": "=",
    "NotEq": "<>",
    "Lt": "<",
    "LtEq": "<=",
    "Gt": ">",
    "GtEq": ">=",
    "Plus": "+",
    "Minus": "-",
    "Multiply": "*",
}


@dataclass(frozen=True, kw_only=True)
class Dialect:
    """What differs between the SQL engines Tandem runs on."""

    name: str
    double: str  # the 64-bit float type
    micros: Callable[[str], str]  # a timestamp as whole microseconds since 1970
    interval: Callable[[int], str]  # a duration of n microseconds, addable to a timestamp
    # The exact quantile of x at a fraction, linear between the two nearest values (as
    # polars' median and quantile(…, "linear")); never an approximate one.
    quantile: Callable[[str, float], str]
    quote: str = '"'
    # Text compared byte by byte, as polars compares strings: DuckDB and Spark do by
    # default; PostgreSQL follows the database's collation unless told otherwise.
    bytewise: Callable[[str], str] = str
    text: Callable[[str], str] = string  # a text literal, its quotes (and escapes) written
    timestamp: Callable[[datetime], str] = standard_timestamp  # an instant without time zone
    integer: str = "BIGINT"  # the 64-bit integer type
    bit_or: str = "BIT_OR"  # the bitwise OR of a column's integers (the currency bits)
    # How this engine's numbers differ from polars', in words for the Definitions page
    # (docs/architecture.md, "Engines"): none where the SQL is exact.
    differences: tuple[str, ...] = ()

    def name_of(self, column: str) -> str:
        return f"{self.quote}{column}{self.quote}"


def to_sql(expr: pl.Expr, dialect: Dialect) -> str:
    """`expr` (a row-wise polars expression) as SQL text for `dialect`."""
    return _node(json.loads(expr.meta.serialize(format="json")), dialect)


def _node(node: Node, dialect: Dialect) -> str:
    (kind, body), *_ = node.items()
    if kind == "Column":
        return dialect.name_of(str(body))
    if kind == "Alias":
        return _node(body[0], dialect)
    if kind == "Literal":
        return literal(body, dialect)
    if kind == "BinaryExpr":
        return _binary(body, dialect)
    if kind == "Ternary":
        condition = _node(body["predicate"], dialect)
        then, otherwise = _node(body["truthy"], dialect), _node(body["falsy"], dialect)
        return f"(CASE WHEN {condition} THEN {then} ELSE {otherwise} END)"
    if kind == "Cast":
        return _cast(body, dialect)
    if kind == "Function":
        return _function(body, dialect)
    raise Untranslatable(f"no SQL for the polars node {kind}")


def _binary(body: Node, dialect: Dialect) -> str:
    op = body["op"]
    left, right = _node(body["left"], dialect), _node(body["right"], dialect)
    if op == "TrueDivide":
        return f"(CAST({left} AS {dialect.double}) / {right})"
    if op not in _BINARY:
        raise Untranslatable(f"no SQL for the polars operator {op}")
    return f"({left} {_BINARY[op]} {right})"


_CASTS: dict[str, Callable[[Dialect], str]] = {
    "Float64": lambda d: d.double,
    "Int64": lambda d: d.integer,
    "Date": lambda d: "DATE",
}


def _cast(body: Node, dialect: Dialect) -> str:
    dtype = body["dtype"].get("Literal")
    if dtype in _CASTS:
        return f"CAST({_node(body['expr'], dialect)} AS {_CASTS[dtype](dialect)})"
    raise Untranslatable(f"no SQL for a cast to {body['dtype']}")


def _function(body: Node, dialect: Dialect) -> str:
    function = body["function"]
    if function == {"TemporalExpr": {"TotalMicroseconds": {"fractional": False}}}:
        return _micros_between(body["input"][0], dialect)
    if isinstance(function, dict) and "SearchSorted" in function:
        return _search_sorted(body, function["SearchSorted"], dialect)
    if isinstance(function, dict) and "IsIn" in function.get("Boolean", {}):
        values = ", ".join(list_values(body["input"][1], dialect))
        return f"({_node(body['input'][0], dialect)} IN ({values}))" if values else "FALSE"
    args = [_node(part, dialect) for part in body["input"]]
    if function == "FillNull":
        return f"COALESCE({args[0]}, {args[1]})"
    if function == {"TemporalExpr": "Date"}:
        return f"CAST({args[0]} AS DATE)"
    if isinstance(function, dict) and "Boolean" in function:
        return _boolean(function["Boolean"], args)
    raise Untranslatable(f"no SQL for the polars function {function}")


def _micros_between(node: Node, dialect: Dialect) -> str:
    """(end - start).dt.total_microseconds(): both instants as microseconds, subtracted."""
    difference = node.get("BinaryExpr", {})
    if difference.get("op") != "Minus":
        raise Untranslatable("total_microseconds is translated for a difference of instants only")
    end, start = _node(difference["left"], dialect), _node(difference["right"], dialect)
    return f"({dialect.micros(end)} - {dialect.micros(start)})"


def _boolean(function: str | Node, args: list[str]) -> str:
    if function == "IsNull":
        return f"({args[0]} IS NULL)"
    if function == "IsNotNull":
        return f"({args[0]} IS NOT NULL)"
    if function == "Not":
        return f"(NOT {args[0]})"
    if function in ("AnyHorizontal", "AllHorizontal"):
        return "(" + f" {'OR' if function == 'AnyHorizontal' else 'AND'} ".join(args) + ")"
    if isinstance(function, dict) and function.get("IsBetween") == {"closed": "Both"}:
        return f"({args[0]} BETWEEN {args[1]} AND {args[2]})"
    raise Untranslatable(f"no SQL for the polars function {function}")


def _search_sorted(body: Node, options: Node, dialect: Dialect) -> str:
    """`lit(sorted values).search_sorted(x)`: how many values lie before x, as a binary
    search of nested CASEs (a few comparisons a row, however many values). A null x
    comes first, as in polars."""
    if options.get("descending"):
        raise Untranslatable("search_sorted is translated for ascending values only")
    values = series_values(body["input"][0], dialect)
    x = _node(body["input"][1], dialect)
    before = "<" if options["side"] == "Left" else "<="

    def count(low: int, high: int) -> str:  # values[low:high] all compared with x
        if low == high:
            return str(low)
        middle = (low + high) // 2
        return (
            f"CASE WHEN {values[middle]} {before} {x} THEN {count(middle + 1, high)} "
            f"ELSE {count(low, middle)} END"
        )

    return f"(CASE WHEN {x} IS NULL THEN 0 ELSE {count(0, len(values))} END)"
