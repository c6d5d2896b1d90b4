"""Dates and timestamps, with the day/month order inferred from a whole column.

A single `03/04/2024` cannot say whether it is March or April; a column that also
holds `25/04/2024` can. When no value in the column settles it, the file is refused
with that reason rather than guessed (docs/architecture.md, "Reading real exports").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum

from connectors.errors import CellError, RefusedFile
from connectors.formats.values import NULL_TOKENS

_NUMERIC = re.compile(
    r"^(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,4})"
    r"(?:[ T](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[AaPp][Mm])?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_NAMED = re.compile(r"^(?P<mon>[A-Za-z]{3})[a-z]*\.? (?P<d>\d{1,2}),? (?P<y>\d{4})$")
_NAMED_DMY = re.compile(r"^(?P<d>\d{1,2}) (?P<mon>[A-Za-z]{3})[a-z]*\.?,? (?P<y>\d{4})$")


class Order(Enum):
    YMD = "year-month-day"
    DMY = "day/month/year"
    MDY = "month/day/year"


def infer_order(values: Iterable[str], column: str) -> Order:
    """The one day/month order under which every value of `column` can be a date."""
    year_first = day_first = month_first = ambiguous = False
    for raw in values:
        m = _NUMERIC.match(raw.strip())
        if not m:
            continue
        a, b = int(m["a"]), int(m["b"])
        if len(m["a"]) == 4:
            year_first = True
        elif a > 12 and b <= 12:
            day_first = True
        elif b > 12 and a <= 12:
            month_first = True
        elif a != b:
            ambiguous = True
    if day_first and month_first:
        raise RefusedFile(f"column '{column}' mixes day/month and month/day dates")
    if day_first:
        return Order.DMY
    if month_first:
        return Order.MDY
    if ambiguous:
        raise RefusedFile(
            f"column '{column}': dates such as 03/04 could be day/month or month/day and "
            "no value in the column settles it; export dates as YYYY-MM-DD"
        )
    return Order.YMD if year_first else Order.DMY


def stamp(value: str, order: Order) -> datetime | None:
    s = value.strip()
    if s in NULL_TOKENS:
        return None
    named = _NAMED.match(s) or _NAMED_DMY.match(s)
    if named and named["mon"].lower() in _MONTHS:
        return _build(int(named["y"]), _MONTHS[named["mon"].lower()], int(named["d"]), s)
    m = _NUMERIC.match(s)
    if not m:
        raise CellError(f"'{s}' is not a date")
    a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
    if len(m["a"]) == 4:
        year, month, day = a, b, c
    else:
        year = c + 2000 if len(m["c"]) == 2 else c
        month, day = (a, b) if order is Order.MDY else (b, a)
    hour = int(m["h"] or 0)
    if m["ampm"]:
        hour = hour % 12 + (12 if m["ampm"].lower() == "pm" else 0)
    # A UTC offset is dropped on purpose: the wall-clock time is what the exporting tool
    # showed its user, and daily reports are cut on that local day.
    return _build(year, month, day, s, hour, int(m["mi"] or 0), int(m["s"] or 0))


def day(value: str, order: Order) -> date | None:
    moment = stamp(value, order)
    return None if moment is None else moment.date()


def _build(
    year: int, month: int, day_: int, raw: str, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    try:
        return datetime(year, month, day_, hour, minute, second)
    except ValueError:
        raise CellError(f"'{raw}' is not a valid date") from None
