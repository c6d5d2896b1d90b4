"""Numbers as a manager reads them: money, counts, rates, hours and days."""

from __future__ import annotations

import math
import re

from kpi.export import strip_bidi

EMPTY = "—"
# Outside values (a launch or source name, a link's value) are shortened to this many
# characters where they reach markdown: a 100,000-character link value is not a notice.
SHOWN_CHARS = 80

# Only where no data is at hand: a view's tiles and tables write the data's own
# currency (Model.currency, through present/cells.ViewFormat.of).
REPORTING_CURRENCY = "EUR"
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF ", "BRL": "R$"}


def currency_symbol(code: str = REPORTING_CURRENCY) -> str:
    """How money is prefixed: the symbol, or the ISO code and a space when it has none."""
    return CURRENCY_SYMBOLS.get(code, f"{code} ")


def value(amount: float | None, unit: str, currency: str | None = None) -> str:
    """A tile's value: short (613k, 13.8M) so it fits a tile; rates with one decimal."""
    currency = currency_symbol() if currency is None else currency
    if amount is None or math.isnan(amount) or math.isinf(amount):
        return EMPTY
    if unit == "money":
        sign = "-" if amount < 0 else ""
        return f"{sign}{currency}{_compact(abs(amount))}"
    if unit == "ratio":
        return percent(amount)
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


def delta(
    change: float | None, change_pct: float | None, unit: str, currency: str | None = None
) -> str | None:
    """The change vs the comparison period, as the tile's delta text (None: nothing to say)."""
    if change is None:
        return None
    if unit == "ratio":
        return f"{change * 100:+,.1f} pts"
    if change_pct is None:  # compared with zero: the amount itself, not a percentage
        return signed(change, unit, currency_symbol() if currency is None else currency)
    return f"{change_pct * 100:+,.1f} %"


MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:&")
# Streamlit's markdown (GitHub's flavour) turns "https://…", "www.…" and "a@b.example"
# into links after escapes are undone, so escaping cannot stop it: a word joiner (an
# invisible, non-breaking character) after "://", "www" and "@" breaks the pattern.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?i:(?<=\bwww))(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Text from the data, shown literally inside markdown (no links, HTML or styling)."""
    return "".join("\\" + char if char in MARKDOWN_SPECIALS else char for char in text)


def plain(text: object, *, limit: int = SHOWN_CHARS) -> str:
    """An outside value on one line: bidi controls out, whitespace collapsed, shortened
    to `limit` characters (a chart title, a pack's page: places where markdown is not)."""
    flat = " ".join(strip_bidi(str(text)).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


def inert(text: str) -> str:
    """Text shown literally inside markdown: escaped, and addresses that are not links."""
    return escape_markdown(_AUTOLINK.sub(WORD_JOINER, text))


def literal(text: object, *, limit: int = SHOWN_CHARS) -> str:
    """An outside value for markdown: one line, bidi controls out, shortened, escaped.

    Every value that did not come from Tandem's own code (names from the data or
    sources.toml, a link's values, an error's text) goes through here on its way to
    st.markdown, st.caption, st.warning and the like. Web and e-mail addresses in it
    show as text, never as links.
    """
    return inert(plain(text, limit=limit))


# Rates everywhere (tiles, tables, charts' tooltips) read one way: one decimal, a space.
def percent(share: float) -> str:
    return f"{share * 100:,.1f} %"


def exact(amount: float | None, unit: str, currency: str) -> str:
    """A table cell: money to the cent, counts whole, with thousands separators."""
    if amount is None or math.isnan(amount) or math.isinf(amount):
        return EMPTY
    if unit == "money":
        sign = "-" if amount < 0 else ""
        return f"{sign}{currency}{abs(amount):,.2f}"
    if unit == "count":
        return f"{amount:,.0f}"
    return value(amount, unit, currency)


def signed(change: float | None, unit: str, currency: str) -> str:
    """A change in a table: money and counts as exact amounts, rates in points."""
    if change is None or math.isnan(change) or math.isinf(change):
        return EMPTY
    sign = "+" if change > 0 else "-" if change < 0 else "±"
    if unit == "ratio":
        return f"{sign}{abs(change) * 100:,.1f} pts"
    return sign + exact(abs(change), unit, currency)
