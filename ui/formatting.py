"""Numbers as a manager reads them: money, counts, rates, hours and days."""

from __future__ import annotations

import math

EMPTY = "—"


def value(amount: float | None, unit: str, currency: str = "€") -> str:
    if amount is None or math.isnan(amount) or math.isinf(amount):
        return EMPTY
    if unit == "money":
        sign = "-" if amount < 0 else ""
        return f"{sign}{currency}{_compact(abs(amount))}"
    if unit == "ratio":
        return f"{amount:.0%}" if abs(amount) >= 1 else f"{amount:.1%}"
    if unit == "hours":
        return f"{amount:.1f} h"
    if unit == "days":
        return f"{amount:.1f} d"
    return _compact(amount) if abs(amount) >= 10_000 else f"{amount:,.0f}"


def _compact(amount: float) -> str:
    """Short enough for a tile: 575k, 13.8M, 1.2B; small amounts keep their cents."""
    for size, suffix in ((1e9, "B"), (1e6, "M")):
        if abs(amount) >= size:
            return f"{amount / size:,.1f}{suffix}"
    if abs(amount) >= 10_000:
        return f"{amount / 1e3:,.0f}k"
    return f"{amount:,.0f}" if abs(amount) >= 100 else f"{amount:,.2f}"


def delta(change: float | None, change_pct: float | None, unit: str) -> str | None:
    """The change vs the comparison period, as the tile's delta text."""
    if change is None:
        return None
    if unit == "ratio":
        return f"{change * 100:+.1f} pts"
    if change_pct is None:
        return f"{change:+,.1f}"
    return f"{change_pct:+.1%}"


MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:&")


def escape_markdown(text: str) -> str:
    """Text from the data, shown literally inside markdown (no links, HTML or styling)."""
    return "".join("\\" + char if char in MARKDOWN_SPECIALS else char for char in text)
