"""What a manager picked: a period, the dimensions' values, comparison, grain, SLA.

`Filters` is one typed, hashable value: the UI builds it from the URL, the command
line from its arguments, and every KPI function takes it as is. The dimensions come
from the registry in kpi/dimensions.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal, get_args

import polars as pl

from kpi.dimensions import LAUNCH, Dimension, no_target_reason, registry

Compare = Literal["previous", "last_year", "none"]
Grain = Literal["day", "week", "month"]
COMPARES: tuple[Compare, ...] = get_args(Compare)
GRAINS: tuple[Grain, ...] = get_args(Grain)
DEFAULT_SLA_HOURS = 24.0


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time())

    @property
    def end_before(self) -> datetime:
        """The first instant after the period (exclusive upper bound for timestamps)."""
        return datetime.combine(self.end + timedelta(days=1), time())

    def contains(self, column: str, dtype: pl.DataType) -> pl.Expr:
        """Rows of `column` (a Date or Datetime) that fall inside the period."""
        return _contains(self, column, dtype == pl.Date)

    def overlap_days(self, other: Period) -> int:
        first, last = max(self.start, other.start), min(self.end, other.end)
        return max((last - first).days + 1, 0)


Choice = tuple[Dimension, tuple[str, ...]]  # a dimension and its chosen values (none: all)


@dataclass(frozen=True, init=False)
class Filters:
    """One view: a period, the chosen values of every dimension, comparison, grain, SLA.

    Dimensions are passed by their `plural` (`launches=…`, `regions=…`); `choices`
    holds every dimension of the registry (kpi/dimensions.py), chosen or not.
    `data_through` is the data's last day: a period running past it is compared on its
    elapsed days only.
    """

    start: date
    end: date
    choices: tuple[Choice, ...]  # every dimension of the registry, in its order
    compare: Compare
    grain: Grain
    sla_hours: float
    data_through: date | None

    def __init__(
        self,
        start: date,
        end: date,
        *,
        compare: Compare = "previous",
        grain: Grain = "week",
        sla_hours: float = DEFAULT_SLA_HOURS,
        data_through: date | None = None,
        dimensions: Sequence[Dimension] | None = None,  # the registry's when not given
        **chosen: Iterable[str],
    ) -> None:
        dimensions = registry() if dimensions is None else dimensions
        unknown = set(chosen) - {d.plural for d in dimensions}
        if unknown:
            known = ", ".join(d.plural for d in dimensions)
            raise TypeError(f"no dimension {', '.join(sorted(unknown))}; known: {known}")
        choices = tuple((d, tuple(chosen.get(d.plural, ()))) for d in dimensions)
        fields = zip(
            ("start", "end", "choices", "compare", "grain", "sla_hours", "data_through"),
            (start, end, choices, compare, grain, sla_hours, data_through),
            strict=True,
        )
        for name, value in fields:
            object.__setattr__(self, name, value)
        Period(self.start, self.end)  # validates the order of the dates
        if self.compare not in COMPARES:
            raise ValueError(f"compare must be one of {', '.join(COMPARES)}, not {self.compare!r}")
        if self.grain not in GRAINS:
            raise ValueError(f"grain must be one of {', '.join(GRAINS)}, not {self.grain!r}")
        if not self.sla_hours > 0:
            raise ValueError(
                f"the follow-up SLA must be a positive number of hours, not {self.sla_hours}"
            )

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return tuple(dimension for dimension, _ in self.choices)

    def chosen(self, dimension: Dimension) -> tuple[str, ...]:
        """The values chosen for `dimension` (empty: every value)."""
        return next((values for d, values in self.choices if d == dimension), ())

    @property
    def launches(self) -> tuple[str, ...]:
        """The chosen launch ids: targets, briefs and events are kept per launch."""
        return self.chosen(LAUNCH)

    @property
    def elapsed(self) -> Period | None:
        """The part of the period the data covers; None when it starts after the data."""
        if self.data_through is None or self.data_through >= self.end:
            return self.period
        if self.data_through < self.start:
            return None
        return Period(self.start, self.data_through)

    @property
    def runs_past_data(self) -> bool:
        return self.data_through is not None and self.end > self.data_through

    def comparison_period(self) -> Period | None:
        """The period the current one is compared with, or None.

        It covers as many days as the data covers of the current period: a week whose
        last four days have no data yet is compared with the first three days of the
        week before, not with all seven (docs/architecture.md, "Periods").
        """
        elapsed = self.elapsed
        if self.compare == "none" or elapsed is None:
            return None
        if self.compare == "previous":
            shift = timedelta(days=self.period.days)
            return Period(self.start - shift, elapsed.end - shift)
        return Period(year_earlier(self.start), year_earlier(elapsed.end))

    def narrowed(self, **changes: Any) -> Filters:
        """A copy with some fields changed; dimensions by their plural (`regions=…`)."""
        fields = ("start", "end", "compare", "grain", "sla_hours", "data_through")
        kept: dict[str, Any] = {name: getattr(self, name) for name in fields}
        kept.update((d.plural, values) for d, values in self.choices)
        return Filters(dimensions=self.dimensions, **{**kept, **changes})

    def dimension_values(self) -> dict[str, tuple[str, ...]]:
        """The non-empty dimension filters, by column name."""
        return {dimension.column: values for dimension, values in self.choices if values}

    @property
    def no_target_reason(self) -> str | None:
        """Why this view has no target: a chosen dimension targets are not set by."""
        if all(d.targets_apply for d, values in self.choices if values):
            return None
        return no_target_reason(self.dimensions)


def year_earlier(day: date) -> date:
    """The same calendar day a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def apply_dimensions(frame: pl.LazyFrame, filters: Filters) -> pl.LazyFrame:
    """Keep the rows whose dimensions are among the chosen values.

    A frame lacking a filtered dimension cannot be attributed to it and is emptied.
    """
    return frame.filter(dimension_condition(frame.collect_schema().names(), filters))


def dimension_condition(names: Sequence[str], filters: Filters) -> pl.Expr:
    """`apply_dimensions`' condition on a table with columns `names` (every engine's)."""
    condition = pl.lit(True)
    for column, values in filters.dimension_values().items():
        if column not in names:
            return pl.lit(False)
        condition = condition & pl.col(column).is_in(values)
    return condition


def missing_dimensions(columns: list[str], filters: Filters) -> list[str]:
    """The filtered dimensions a table does not carry (why a table was left out)."""
    return [column for column in filters.dimension_values() if column not in columns]


# Building a date literal costs a small polars query; the KPI table asks for the same
# few period conditions hundreds of times per call, so they are built once.
@lru_cache(maxsize=1024)
def _contains(period: Period, column: str, is_date: bool) -> pl.Expr:
    if is_date:
        return pl.col(column).is_between(period.start, period.end)
    return (pl.col(column) >= period.start_at) & (pl.col(column) < period.end_before)
