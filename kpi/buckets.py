"""Time buckets: a period cut by day, week or month, and each bucket's comparison.

The first and last buckets are clipped to the period, so a week that starts before
the period holds only the period's days. A bucket's comparison is the same stretch
of the comparison period: shifted by the period's length (previous), or the same
calendar days a year earlier (last year; 29 February maps to 28 February).
"""

from __future__ import annotations

from datetime import date, timedelta

from kpi.filters import Filters, Grain, Period, year_earlier


def bucket_periods(period: Period, grain: Grain) -> list[Period]:
    """The period cut at day, Monday-week or month boundaries, in order."""
    buckets: list[Period] = []
    start = period.start
    while start <= period.end:
        following = _next_boundary(start, grain)
        buckets.append(Period(start, min(following - timedelta(days=1), period.end)))
        start = following
    return buckets


def _next_boundary(day: date, grain: Grain) -> date:
    if grain == "day":
        return day + timedelta(days=1)
    if grain == "week":
        return day + timedelta(days=7 - day.weekday())
    if day.month == 12:
        return date(day.year + 1, 1, 1)
    return date(day.year, day.month + 1, 1)


def comparison_buckets(filters: Filters, buckets: list[Period]) -> list[Period] | None:
    """Each bucket's counterpart in the comparison period (None when not comparing)."""
    comparison = filters.comparison_period()
    if comparison is None:
        return None
    if filters.compare == "last_year":
        return [Period(year_earlier(b.start), year_earlier(b.end)) for b in buckets]
    shift = filters.start - comparison.start
    return [Period(b.start - shift, b.end - shift) for b in buckets]
