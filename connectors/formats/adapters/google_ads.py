"""Google Ads 'Campaign report' downloaded from the Ads UI.

The file opens with a title line and a quoted date-range line, writes empty cells as
`" --"`, groups thousands (`"25,881"`), and ends with `Total: …` rows. Totals are not
campaigns: they are excluded and `Total: Account` is used to check the campaign sum.
Without a Day column the report covers its whole date range; spend is dated on the
range's first day and the health record says so.
"""

from __future__ import annotations

import re
from datetime import date

from connectors.errors import CellError, RefusedFile
from connectors.formats import dates
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.mapping import Record, build_table, field, find
from connectors.formats.values import infer_decimal_mark, number, snake
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

FIELDS = (
    field("date", "day", "date", kind="date"),
    field("campaign", "campaign"),
    field("channel", "campaign type"),
    field("spend", "cost", kind="money"),
    field("impressions", "impr.", "impressions", kind="count"),
    field("clicks", "clicks", "interactions", kind="count"),
    field("conversions", "conversions", kind="float"),
    field("conversion_value", "conv. value", "conversion value", "all conv. value", kind="money"),
    field("currency", "currency code", "currency"),
    field("platform", default="google_ads"),
)

_RANGE = re.compile(
    r"^\s*(?P<start>[A-Za-z]+ \d{1,2}, \d{4})\s*[-\u2013]\s*(?P<end>[A-Za-z]+ \d{1,2}, \d{4})"
)


def _is_total(row: list[str]) -> bool:
    return any(cell.strip().lower().startswith("total:") for cell in row[:2])


def report_range(preamble: list[list[str]]) -> tuple[date, date] | None:
    for row in preamble:
        m = _RANGE.match(" ".join(row))
        if m:
            start = dates.day(m["start"], dates.Order.YMD)
            end = dates.day(m["end"], dates.Order.YMD)
            if start is not None and end is not None:
                return start, end
    return None


def read(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    totals = [i for i, row in enumerate(raw.rows) if _is_total(row)]
    campaigns = raw.subset([i for i in range(len(raw.rows)) if i not in set(totals)])
    if totals:
        health.warn(f"{raw.file}: {len(totals)} 'Total:' summary row(s) excluded, not campaigns")
    has_day = find(raw, "day", "date") is not None
    span = report_range(context.preamble)
    if not has_day and span is None:
        raise RefusedFile(f"{raw.file}: no Day column and no report date range above the header")

    def derive(record: Record) -> None:
        if record["date"] is None and not has_day and span is not None:
            record["date"] = span[0]
        record["channel"] = snake(record["channel"]) or "google_ads"

    spend = build_table(campaigns, "spend", FIELDS, health, derive=derive, sum_repeats=True)
    if not has_day and span is not None:
        health.warn(
            f"{raw.file}: no Day column; each campaign's spend for {span[0]} to {span[1]} "
            f"is dated {span[0]}"
        )
    account = [raw.rows[i] for i in totals if raw.rows[i][0].strip().lower() == "total: account"]
    if account:
        _reconcile(raw, account[0], float(spend["spend"].sum()), health)
    return {"spend": spend}


def _reconcile(raw: RawTable, total_row: list[str], campaigns: float, health: DataHealth) -> None:
    cost = find(raw, "cost")
    if cost is None or cost >= len(total_row):
        return
    try:
        total = number(total_row[cost], infer_decimal_mark(raw.column(cost)))
    except CellError:
        health.warn(f"{raw.file}: the 'Total: Account' cost '{total_row[cost]}' is not a number")
        return
    # Google rounds each row and the total separately; a cent apart is the same money.
    if total is not None and round(abs(total - campaigns), 2) > 0.01:
        health.warn(
            f"{raw.file}: campaign costs sum to {campaigns:.2f} but 'Total: Account' says "
            f"{total:.2f}; some rows may be missing"
        )


ADAPTER = Adapter(
    "google_ads",
    "Google Ads campaign report (Campaign, Cost, Impr., Currency code)",
    ("spend",),
    ("campaign", "cost", "currency code"),
    read,
    any_of=("impr.", "impressions"),
)
