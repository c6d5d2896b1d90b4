"""The trend's grain when none is picked: from the period's length alone, so a link,
which always carries its period, shows the same buckets to everyone."""

from __future__ import annotations

from datetime import date, timedelta

from kpi.filters import Period
from present.link import default_grain

END = date(2026, 11, 26)


def days(count: int) -> Period:
    return Period(END - timedelta(days=count - 1), END)


def test_grain_follows_the_period_length() -> None:
    assert [default_grain(days(n)) for n in (1, 7, 28, 35)] == ["day"] * 4
    assert [default_grain(days(n)) for n in (36, 90, 180, 210)] == ["week"] * 4
    assert [default_grain(days(n)) for n in (211, 365, 1_000)] == ["month"] * 3
