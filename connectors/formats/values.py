"""Typing one cell of an export: text, numbers and booleans, as people's tools write them.

Numbers arrive as `"25,881"`, `"1.234,56"`, `"77.77%"`, `"$1,200.00"`, `"USD 40"`,
`"(12.50)"` or `" --"`; the decimal mark is decided once per column (see
`infer_decimal_mark`) because a lone `"1,234"` cannot say which it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from connectors.errors import CellError

# Cells that mean "no value" in the exports we read (Google Ads writes " --").
NULL_TOKENS = frozenset({"", "--", "-", "—", "n/a", "N/A", "NA", "null", "NULL", "None", "(none)"})

_CURRENCY = re.compile(r"^(?:[A-Z]{3}\s*)|(?:\s*[A-Z]{3})$|[$€£¥₹]|R\$")
_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(?:\1\d{3})*$")  # "1,234" or "1.234.567": grouping only
_TRUE = frozenset({"true", "yes", "y", "1", "t", "won", "x"})
_FALSE = frozenset({"false", "no", "n", "0", "f", "lost"})
_MAX_COUNT = 2**53  # larger counts are not exact as floats, which is how cells are read


def text(value: str) -> str | None:
    stripped = value.strip()
    return None if stripped in NULL_TOKENS else stripped


def infer_decimal_mark(values: Iterable[str], default: str = ".") -> str:
    """`","` when the values are mostly readable only with a decimal comma, `"."` when
    mostly only with a decimal point, else `default` (e.g. the rest of the file's choice)."""
    comma = point = 0
    for raw in values:
        s = _strip_number(raw)
        if not s or _GROUPED.match(s):
            continue  # "1,234" says nothing: grouping in one convention, decimals in the other
        last_comma, last_point = s.rfind(","), s.rfind(".")
        if last_comma > last_point:
            comma += 1
        elif last_point > last_comma:
            point += 1
    if comma == point:
        return default
    return "," if comma > point else "."


def number(value: str, decimal: str = ".") -> float | None:
    if value.strip() in NULL_TOKENS:
        return None
    s = _strip_number(value)
    if not s:  # only a currency code or symbol, e.g. "USD"
        raise CellError(f"'{value.strip()}' is not a number")
    negative = s.startswith("(") and s.endswith(")")
    s = s.strip("()")
    percent = s.endswith("%")
    s = s.rstrip("%").strip()
    group = "." if decimal == "," else ","
    s = s.replace(group, "").replace(decimal, ".")
    try:
        result = float(s)
    except ValueError:
        raise CellError(f"'{value.strip()}' is not a number") from None
    # float() also reads "nan", "inf" and "1e999"; any of them would poison every sum.
    if not math.isfinite(result):
        raise CellError(f"'{value.strip()}' is not a number")
    if percent:
        result /= 100
    return -result if negative else result


def integer(value: str, decimal: str = ".") -> int | None:
    result = number(value, decimal)
    if result is None:
        return None
    if result != int(result):
        raise CellError(f"'{value.strip()}' is not a whole number")
    if abs(result) > _MAX_COUNT:  # a count column is a 64-bit integer
        raise CellError(f"'{value.strip()}' is too large for a count")
    return int(result)


def boolean(value: str) -> bool | None:
    s = value.strip().lower()
    if s in NULL_TOKENS:
        return None
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellError(f"'{value.strip()}' is not yes/no")


def _strip_number(value: str) -> str:
    s = value.strip()
    if s in NULL_TOKENS:
        return ""
    s = _CURRENCY.sub("", s)
    # Spaces, no-break spaces and apostrophes group thousands in some locales.
    return re.sub(r"[\s\u00a0\u202f']", "", s)
