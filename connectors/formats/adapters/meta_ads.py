"""Meta Ads Manager export: the currency sits in a header (`Amount spent (USD)`).

Rows cover `Reporting starts` to `Reporting ends`; with a Day breakdown each row is
one day. Without one, spend is dated on the reporting start and the health record says so.
"""

from __future__ import annotations

import re

from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.mapping import build_table, field, find
from connectors.grid.cells import RawTable, normalise
from connectors.health import DataHealth

_CURRENCY = re.compile(r"\(([A-Za-z]{3})\)")


def read(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    spent = next(h for h in raw.header if normalise(h).startswith("amount spent"))
    found = _CURRENCY.search(spent)
    currency = found.group(1).upper() if found else None
    has_day = find(raw, "day") is not None
    fields = (
        field("date", "day", "reporting starts", kind="date"),
        field("campaign", "campaign name"),
        field("spend", spent, kind="money"),
        field("impressions", "impressions", kind="count"),
        field("clicks", "link clicks", "clicks (all)", "clicks", kind="count"),
        field("conversions", "purchases", "website purchases", "results", kind="float"),
        field(
            "conversion_value",
            "purchases conversion value",
            "website purchases conversion value",
            "purchase conversion value",
            kind="money",
        ),
        field("region", "region", "country"),
        field("currency", default=currency),
        field("channel", default="paid_social"),
        field("platform", default="meta"),
    )
    spend = build_table(
        raw, "spend", fields, health, sum_repeats=True, also_uses=("reporting ends",)
    )
    if not has_day and find(raw, "reporting ends") is not None:
        health.warn(
            f"{raw.file}: no Day breakdown; each row's spend is dated on its 'Reporting starts'"
        )
    return {"spend": spend}


ADAPTER = Adapter(
    "meta_ads",
    "Meta Ads Manager export (Campaign name, Amount spent (CUR), Reporting starts or Day)",
    ("spend",),
    ("campaign name", "amount spent*"),
    read,
    any_of=("reporting starts", "day"),
)
