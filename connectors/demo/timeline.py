"""Day numbers and times of day for the demo's timestamps."""

from __future__ import annotations

from datetime import date

import numpy as np

from connectors.demo.brand import LAST_DAY

DAY_US = 86_400_000_000
EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    return (day - EPOCH).days


def office_hours_us(rng: np.random.Generator, n: int) -> np.ndarray:
    """Microseconds into the day, mostly between 07:00 and 21:00."""
    return (rng.uniform(7, 21, n) * 3_600_000_000).astype(np.int64)


def hours_us(hours: np.ndarray) -> np.ndarray:
    return (hours * 3_600_000_000).astype(np.int64)


END_US = (day_number(LAST_DAY) + 1) * DAY_US - 1
