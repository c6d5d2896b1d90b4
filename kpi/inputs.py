"""What measures read that a source may not provide (docs/architecture.md, "Unknown is not zero").

A measure's inputs are the columns its expressions read (derived from the expressions
in kpi/measures.py, never listed twice) plus any fact beyond a column (`needs`: a win
rate needs lost deals, not only deals). Each input is declared here once: the words a
reason uses and the rows that show it. The data provides an input when its table has
a row that shows it; a column null on every row, or an empty table, provides nothing,
and every KPI reading it is unknown ("not in this data: no first-touch times"), never
0 or 100 %. Which inputs the data provides is derived once per load (`shown`, kept
on the model by kpi/model.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True, eq=False, kw_only=True)
class Input:
    """One thing a source may or may not give; compared and hashed by identity."""

    table: str
    words: str  # what the data lacks, as a reason says it: "no <words>"
    shown_by: pl.Expr  # true on a row that provides it
    money: bool = False  # an amount, in the currency of its row


Key = tuple[str, str]  # (table, column)


def _column(table: str, column: str, words: str, *, money: bool = False) -> tuple[Key, Input]:
    shown_by = pl.col(column).is_not_null()
    return (table, column), Input(table=table, words=words, shown_by=shown_by, money=money)


# Every column a measure reads, with the words a reason uses for it.
COLUMNS: dict[Key, Input] = dict(
    [
        _column("spend", "date", "spend"),
        _column("spend", "spend", "spend amounts", money=True),
        _column("spend", "impressions", "impressions"),
        _column("spend", "clicks", "clicks"),
        _column("spend", "conversion_value", "conversion values", money=True),
        _column("leads", "created_at", "leads"),
        _column("leads", "mql_at", "MQL dates"),
        _column("leads", "accepted_at", "acceptance dates"),
        _column("leads", "rejected_at", "rejection dates"),
        _column("leads", "first_touch_at", "first-touch times"),
        _column("leads", "sql_at", "SQL dates"),
        _column("leads", "won_at", "won dates of leads"),
        _column("leads", "event", "event leads"),
        # A source without creation dates (Olist's closed deals) fills them with the
        # close date: creation dates all equal to close dates are none at all.
        (
            ("deals", "created_at"),
            Input(
                table="deals",
                words="deal creation dates",
                shown_by=pl.col("closed_at").is_null()
                | (pl.col("created_at") != pl.col("closed_at")),
            ),
        ),
        _column("deals", "closed_at", "close dates"),
        _column("deals", "is_won", "deal outcomes"),
        _column("deals", "amount", "deal amounts", money=True),
        _column("deals", "source", "deal sources"),
        _column("orders", "date", "orders"),
        _column("orders", "revenue", "order revenue", money=True),
        _column("orders", "units", "units"),
        _column("orders", "customer_id", "customer ids"),
        # Set by the model from the customer id (kpi/model.py): null without one.
        _column("orders", "is_first_order", "customer ids"),
    ]
)

# A win rate needs lost deals: a source listing won deals only would give 100 %.
LOST_DEALS = Input(table="deals", words="lost deals", shown_by=pl.col("is_won").not_())

EXTRA: tuple[Input, ...] = (LOST_DEALS,)


def of_columns(table: str, columns: Iterable[str]) -> tuple[Input, ...]:
    """The inputs behind `columns` of `table` (a KeyError names a column not declared above)."""
    return tuple(COLUMNS[(table, column)] for column in columns)


def shown(facts: Mapping[str, pl.DataFrame]) -> frozenset[Input]:
    """Every declared input the fact tables provide (one query per table, once per load)."""
    by_table: dict[str, list[Input]] = {}
    for declared in (*COLUMNS.values(), *EXTRA):
        by_table.setdefault(declared.table, []).append(declared)
    tables = list(by_table)
    queries = [
        facts[table]
        .lazy()
        .select(
            i.shown_by.fill_null(False).any().alias(str(n)) for n, i in enumerate(by_table[table])
        )
        for table in tables
    ]
    found: set[Input] = set()
    for table, result in zip(tables, pl.collect_all(queries), strict=True):
        seen = result.row(0)
        found.update(i for i, there in zip(by_table[table], seen, strict=True) if there)
    return frozenset(found)
