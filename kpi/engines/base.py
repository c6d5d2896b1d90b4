"""What an engine is: where the catalog's measures are computed (docs/architecture.md, "Engines").

polars over the model's frames is the default and needs no engine object. Any other
engine keeps the fact tables itself and answers the questions the model asks of its
facts: the measures' values for a view, the same grouped by a key, a capped list of
rows, whether a table has rows or a row meeting a condition, and the values a
dimension takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import polars as pl

    from kpi.evaluate import MeasureValues
    from kpi.filters import Filters, Period
    from kpi.grouped import Grouped
    from kpi.measures import Measure
    from kpi.model import Model
    from kpi.records import Listed, Records


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    def measure_values(
        self, model: Model, filters: Filters, periods: Sequence[Period], measures: list[Measure]
    ) -> list[MeasureValues]:
        """The value of each measure for each period (same order), as polars gives it."""
        ...

    def grouped(
        self, model: Model, filters: Filters, queries: Sequence[Grouped]
    ) -> list[pl.DataFrame]:
        """Each query's groups, as kpi/grouped.py `grouped_values` gives them."""
        ...

    def records(self, model: Model, filters: Filters, wanted: Records, limit: int) -> Listed:
        """The first `limit` rows of the list, and how many there were (kpi/records.py)."""
        ...

    def has_rows(self, table: str) -> bool: ...

    def any_row(self, model: Model, filters: Filters, table: str, condition: pl.Expr) -> bool:
        """Whether a row of `table` in the view's dimensions meets `condition`."""
        ...

    def distinct(self, column: str) -> list[str]:
        """Every value of `column` across the fact tables that have it, sorted."""
        ...
