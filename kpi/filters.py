"""What a manager picked: launches, a period, dimensions, comparison, grain, SLA.

`Filters` is one typed, hashable value: the UI builds it from the URL, the command
line from its arguments, and every KPI function takes it as is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal, get_args

import polars as pl

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


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    launches: tuple[str, ...] = ()  # empty tuple = no restriction
    channels: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    compare: Compare = "previous"
    grain: Grain = "week"
    sla_hours: float = DEFAULT_SLA_HOURS

    def __post_init__(self) -> None:
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

    def comparison_period(self) -> Period | None:
        """The period the current one is compared with, or None."""
        if self.compare == "previous":
            length = timedelta(days=self.period.days)
            return Period(self.start - length, self.end - length)
        if self.compare == "last_year":
            return Period(year_earlier(self.start), year_earlier(self.end))
        return None

    def narrowed(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]

    def dimension_values(self) -> dict[str, tuple[str, ...]]:
        """The non-empty dimension filters, by column name."""
        picked = {
            "launch_id": self.launches,
            "channel": self.channels,
            "region": self.regions,
            "segment": self.segments,
        }
        return {column: values for column, values in picked.items() if values}


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
    names = frame.collect_schema().names()
    condition = pl.lit(True)
    for column, values in filters.dimension_values().items():
        if column not in names:
            return frame.filter(pl.lit(False))
        condition = condition & pl.col(column).is_in(values)
    return frame.filter(condition)


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
