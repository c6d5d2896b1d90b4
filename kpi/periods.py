"""Periods anchored to the data: presets counted back from its last day, and what a
period that runs past the data means (docs/architecture.md, "Periods").

A preset is resolved once, to dates, when it is picked: the link then carries those
dates, so it shows the same numbers next week. Comparisons of a period that runs past
the data cover its elapsed days only (`Filters.comparison_period`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import polars as pl

from kpi.filters import Filters, Period
from kpi.model import Model

DAY = timedelta(days=1)


@dataclass(frozen=True, kw_only=True)
class Preset:
    key: str
    label: str
    # (the data's last day, the chosen launches' first launch day) → the period, or None
    # when the preset needs a launch and none is chosen.
    span: Callable[[date, date | None], Period | None]


def _last_full_week(last: date, _: date | None) -> Period:
    sunday = last - (last.weekday() + 1) % 7 * DAY  # `last` itself when it is a Sunday
    return Period(sunday - 6 * DAY, sunday)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _since_launch(last: date, launch_day: date | None) -> Period | None:
    return None if launch_day is None else Period(launch_day, max(launch_day, last))


PRESETS: tuple[Preset, ...] = (
    Preset(key="last_week", label="Last full week (Mon to Sun)", span=_last_full_week),
    Preset(key="last_4_weeks", label="Last 4 weeks", span=lambda d, _: Period(d - 27 * DAY, d)),
    Preset(key="month", label="Month to date", span=lambda d, _: Period(d.replace(day=1), d)),
    Preset(key="quarter", label="Quarter to date", span=lambda d, _: Period(_quarter_start(d), d)),
    Preset(key="last_90_days", label="Last 90 days", span=lambda d, _: Period(d - 89 * DAY, d)),
    Preset(key="since_launch", label="Since launch", span=_since_launch),
)
BY_KEY = {preset.key: preset for preset in PRESETS}
DEFAULT_PRESET = "last_90_days"  # the first view (`default_period`)


def resolve(key: str, *, last_day: date, launch_day: date | None = None) -> Period | None:
    """The dates of preset `key` for data ending on `last_day`."""
    return BY_KEY[key].span(last_day, launch_day)


def default_period(last_day: date) -> Period:
    """The first view's dates: the default preset's."""
    period = resolve(DEFAULT_PRESET, last_day=last_day)
    assert period is not None, "the default preset needs no launch"
    return period


def matching(period: Period, *, last_day: date, launch_day: date | None = None) -> str | None:
    """The first preset that resolves to exactly `period`, if any."""
    for preset in PRESETS:
        if preset.span(last_day, launch_day) == period:
            return preset.key
    return None


def data_through(model: Model) -> date | None:
    """The data's last day; None when there is no data at all (no "as of" to give)."""
    return model.last_day if any(model.has_rows(table) for table in model.facts) else None


def data_as_of(model: Model) -> datetime | None:
    """The data's as-of time (the end of its last day); None when there is no data."""
    return model.as_of if data_through(model) else None


def first_launch_day(launches: pl.DataFrame, chosen: Sequence[str]) -> date | None:
    """The earliest launch date of the chosen launches ("since launch"); None if none."""
    days = launches.filter(pl.col("launch_id").is_in(list(chosen)))["launch_date"].drop_nulls()
    first = days.min() if len(days) else None
    return first if isinstance(first, date) else None


def past_data_note(filters: Filters) -> str | None:
    """What a period that runs past the data's last day means, in one sentence."""
    last = filters.data_through
    if last is None or not filters.runs_past_data:
        return None
    ends = f"The period runs past the data, which ends on {last:%d %b %Y}"
    elapsed, comparison = filters.elapsed, filters.comparison_period()
    if elapsed is None:
        return f"{ends}: it has no numbers yet and nothing to compare with."
    missing = filters.period.days - elapsed.days
    note = f"{ends}: its last {_days(missing)} {'has' if missing == 1 else 'have'} no data yet"
    if comparison is None:
        return note + "."
    return (
        f"{note}, so it is compared on its first {_days(elapsed.days)} only ({span(comparison)})."
    )


def span(period: Period) -> str:
    """'16 Nov to 18 Nov 2026', or '16 Nov 2026' for one day."""
    if period.days == 1:
        return f"{period.start:%d %b %Y}"
    return f"{period.start:%d %b %Y} to {period.end:%d %b %Y}"


def _days(count: int) -> str:
    return "day" if count == 1 else f"{count} days"
