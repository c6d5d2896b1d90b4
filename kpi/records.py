"""Record lists (unworked MQLs, each touched MQL's hours): capped, and saying so.

See docs/architecture.md, "Engines". A view that lists rows rather than aggregates them
lists at most `RECORD_CAP` of them on every engine, in its own order, and knows how
many there were: a warehouse sends back a page of rows, not millions, and polars shows
the same page so that both agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from kpi.filters import Filters
from kpi.model import Model

RECORD_CAP = 10_000


@dataclass(frozen=True, eq=False)
class Records:
    """The rows of a fact table (in the view's dimensions) meeting `where`, as `columns`."""

    table: str
    columns: Mapping[str, pl.Expr]  # name → a row-wise expression
    where: pl.Expr
    order: Sequence[tuple[str, bool]]  # (column, descending); nulls first, as polars sorts


@dataclass(frozen=True)
class Listed:
    rows: pl.DataFrame  # at most RECORD_CAP rows, in the list's order
    total: int  # how many rows met the condition

    @property
    def note(self) -> str | None:
        """What the list leaves out, when it is capped."""
        if self.total <= self.rows.height:
            return None
        return (
            f"the first {self.rows.height:,} of {self.total:,} rows "
            f"(lists are capped at {RECORD_CAP:,} rows)"
        )


def listed(model: Model, filters: Filters, records: Records) -> Listed:
    """The first RECORD_CAP rows in the list's order, and how many there were in total."""
    if model.engine is not None:
        return model.engine.records(model, filters, records, RECORD_CAP)
    rows = model.facts_for(filters)[records.table].filter(records.where).select(**records.columns)
    names = [name for name, _ in records.order]
    descending = [down for _, down in records.order]
    total, first = pl.collect_all(
        [rows.select(pl.len()), rows.sort(names, descending=descending).head(RECORD_CAP)]
    )
    return Listed(first, int(total.item()))
