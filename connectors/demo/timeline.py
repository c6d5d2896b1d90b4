"""Random dates shaped like a launch: a pre-launch trickle, a peak, a long tail."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from connectors.demo.brand import FIRST_DAY, LAST_DAY

DAY_US = 86_400_000_000
EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    return (day - EPOCH).days


def launch_days(
    rng: np.random.Generator, n: int, launch: date, end: date | None, *, lead_in: int = 45
) -> np.ndarray:
    """`n` day numbers around a launch: a lead-in trickle, a launch burst, a long tail."""
    first = max(day_number(launch - timedelta(days=lead_in)), day_number(FIRST_DAY))
    start = day_number(launch)
    last = day_number(min(end + timedelta(days=30), LAST_DAY) if end else LAST_DAY)
    after = max(last - start + 1, 1)
    burst = start + (rng.exponential(21.0, n) % after).astype(np.int64)
    tail = start + (rng.exponential(after * 0.6, n) % after).astype(np.int64)
    before = rng.integers(first, max(start, first + 1), n)
    phase = rng.random(n)
    return np.where(phase < 0.12, before, np.where(phase < 0.42, burst, tail))


def uniform_days(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(day_number(FIRST_DAY), day_number(LAST_DAY) + 1, n)


def office_hours_us(rng: np.random.Generator, n: int) -> np.ndarray:
    """Microseconds into the day, mostly between 07:00 and 21:00."""
    return (rng.uniform(7, 21, n) * 3_600_000_000).astype(np.int64)


def hours_us(hours: np.ndarray) -> np.ndarray:
    return (hours * 3_600_000_000).astype(np.int64)


END_US = (day_number(LAST_DAY) + 1) * DAY_US - 1
