"""Google Ads reports downloaded from the Ads UI, in any of its languages.

The file opens with a title line and a date-range line, writes empty cells as `" --"`,
groups thousands (`"25,881"`), and ends with `Total: …` rows. Totals are not campaigns:
they are excluded and `Total: Account` is used to check the campaign sum. Headers,
month names and campaign types come in the UI's language (google_ads.toml).

Without a Day column the report covers its date range as one amount per campaign;
the amount is spread evenly over the range's days, marked as an estimate
(connectors/formats/spread.py). `All time` names no dates and is refused.
"""

from __future__ import annotations

import re
from datetime import date

from connectors.errors import CellError, RefusedFile
from connectors.formats import dates
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.channels import ChannelReader
from connectors.formats.mapping import Record, build_table, field, find
from connectors.formats.spread import note_spread, spread
from connectors.formats.values import infer_decimal_mark, number
from connectors.formats.vocabulary import vocabulary
from connectors.grid.cells import RawTable, normalise
from connectors.health import DataHealth

VOCABULARY = vocabulary("google_ads")
_V = VOCABULARY.names
FIELDS = (
    field("date", *_V("day"), kind="date"),
    field("campaign", *_V("campaign")),
    field("campaign_type", *_V("campaign_type")),
    field("spend", *_V("cost"), kind="money"),
    field("impressions", *_V("impressions"), kind="count"),
    field("clicks", *_V("clicks"), kind="count"),
    field("conversions", *_V("conversions"), kind="float"),
    field("conversion_value", *_V("conversion_value"), kind="money"),
    field("currency", *_V("currency")),
    field("platform", default="google_ads"),
)

_RANGE = VOCABULARY.data["range"]
_MONTHS = [[m.casefold() for m in names] for names in _RANGE["months"].values()]
_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]\s+|\s*[\u2013\u2014]\s*")
_ALL_TIME = {normalise(p) for p in _RANGE["all_time"]}
_FILLERS = set(_RANGE["fillers"])
_TOTALS = tuple(p.casefold() for p in VOCABULARY.data["totals"]["prefixes"])
_ACCOUNT = {normalise(p) for p in VOCABULARY.data["totals"]["account"]}


def _is_total(row: list[str]) -> bool:
    return any(cell.strip().casefold().startswith(_TOTALS) for cell in row[:2])


def report_range(file: str, preamble: list[list[str]]) -> tuple[date, date] | None:
    """The report's first and last day from the line above the header, in any UI language."""
    for row in preamble:
        line = " ".join(cell.strip() for cell in row if cell.strip())
        if normalise(line) in _ALL_TIME:
            raise RefusedFile(
                f"{file}: the report covers '{line}', which names no dates, and has no Day "
                "column; download it again for a date range (or add the Day segment)"
            )
        parts = _SEPARATOR.split(line)
        if len(parts) == 2:
            start, end = (_named_day(p) for p in parts)
            if start is not None and end is not None and start <= end:
                return start, end
    return None


def _named_day(text: str) -> date | None:
    """'July 8, 2025', '27 January 2026', '5 de maio de 2026', '27. Januar 2026', ISO."""
    try:
        iso = dates.day(text, dates.Order.YMD) if re.fullmatch(r"\d{4}-\d\d-\d\d", text) else None
    except CellError:
        return None
    if iso is not None:
        return iso
    tokens = [t for t in re.findall(r"\d+|[^\W\d_]+", text.casefold()) if t not in _FILLERS]
    numbers = [int(t) for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if n < 1000]
    if len(tokens) != 3 or len(words) != 1 or len(years) != 1 or len(days) != 1:
        return None
    month = _month(words[0])
    try:
        return date(years[0], month, days[0]) if month else None
    except ValueError:
        return None


def _month(word: str) -> int | None:
    """The month a name or abbreviation names in any language; None if unknown or ambiguous."""
    if word in _RANGE["abbreviations"]:
        return int(_RANGE["abbreviations"][word])
    if len(word) < 3:
        return None
    found = {i + 1 for names in _MONTHS for i, name in enumerate(names) if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def read(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    totals = [i for i, row in enumerate(raw.rows) if _is_total(row)]
    campaigns = raw.subset([i for i in range(len(raw.rows)) if i not in set(totals)])
    if totals:
        health.warn(f"{raw.file}: {len(totals)} 'Total' summary row(s) excluded, not campaigns")
    has_day = find(raw, *_V("day")) is not None
    span = None if has_day else report_range(raw.file, context.preamble)
    if not has_day and span is None:
        raise RefusedFile(_no_dates(raw.file, context.preamble))
    channels = ChannelReader(VOCABULARY, raw, "campaign_type", applies_to="campaign_type")

    def derive(record: Record) -> None:
        if span is not None:
            record["date"] = span[0]
        record["channel"] = channels.channel(record["campaign_type"])
        record["estimated"] = False

    spend = build_table(campaigns, "spend", FIELDS, health, derive=derive, sum_repeats=True)
    channels.report(health, raw.file, fix=_TYPE_FIX)
    account = [raw.rows[i] for i in totals if normalise(raw.rows[i][0]) in _ACCOUNT]
    if account:
        _reconcile(raw, account[0], float(spend["spend"].sum()), health)
    if span is not None and span[0] < span[1]:
        note_spread(health, raw.file, spend.height, *span)
        spend = spread(spend, *span)
    return {"spend": spend}


_TYPE_FIX = (
    "Search, display and video cannot be told apart without it: in Google Ads, add "
    "Campaign type (Columns > Modify columns > Attributes) and download again."
)


def _no_dates(file: str, preamble: list[list[str]]) -> str:
    lines = [" ".join(c.strip() for c in row if c.strip()) for row in preamble]
    dated = [line for line in lines if any(ch.isdigit() for ch in line)]
    if dated:
        return (
            f"{file}: no Day column, and Tandem cannot read the dates in '{dated[0]}' above "
            "the header; add the Day segment in Google Ads, or download it again in English"
        )
    return (
        f"{file}: no Day column and no date range above the header; download the report "
        "from Google Ads with its date range line (or add the Day segment)"
    )


def _reconcile(raw: RawTable, total_row: list[str], campaigns: float, health: DataHealth) -> None:
    cost = find(raw, *_V("cost"))
    if cost is None or cost >= len(total_row):
        return
    try:
        total = number(total_row[cost], infer_decimal_mark(raw.column(cost)))
    except CellError:
        health.warn(f"{raw.file}: the account total's cost '{total_row[cost]}' is not a number")
        return
    # Google rounds each row and the total separately; a cent apart is the same money.
    if total is not None and round(abs(total - campaigns), 2) > 0.01:
        health.warn(
            f"{raw.file}: campaign costs sum to {campaigns:.2f} but '{total_row[0].strip()}' "
            f"says {total:.2f}; some rows may be missing"
        )


ADAPTER = Adapter(
    "google_ads",
    "Google Ads campaign report (Campaign, Cost, Impr., Currency code)",
    ("spend",),
    tuple(VOCABULARY.alternatives(f) for f in ("campaign", "cost", "currency")),
    read,
    any_of=(VOCABULARY.alternatives("impressions"),),
    fix=(
        "In Google Ads, open Campaigns, keep Campaign, Campaign type, Cost, Impr., Clicks "
        "and Currency code in the table (Columns > Modify columns), add the Day segment, "
        "and download it as CSV."
    ),
)
