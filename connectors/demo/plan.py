"""Demo launch briefs, monthly targets, calendar events and launch rules."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
from contract.schema import EVENTS, LAUNCH_RULES, LAUNCHES, TARGETS

from connectors.demo import brand
from connectors.demo.commerce import STOCKOUT

# How ambitious each launch's plan was against what happened: >1 means behind plan.
AMBITION = {
    "GLOW-SERUM": 0.93,
    "VELVET-LIP": 1.02,
    "NOIR-FRAGRANCE": 1.18,
    "SHIELD-SPF": 0.97,
    "SILK-HAIR-OIL": 1.08,
    "ATELIER-PRO": 1.25,
}


def launches_table() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "launch_id": launch.launch_id,
                "name": launch.name,
                "brand": brand.BRAND,
                "category": launch.category,
                "launch_date": launch.launch_date,
                "end_date": launch.end_date,
                "target_audience": launch.target_audience,
                "regions": ", ".join(launch.regions),
                "channels": ", ".join(launch.channels),
                "marketing_owner": launch.marketing_owner,
                "sales_owner": launch.sales_owner,
                "brief": launch.brief,
            }
            for launch in brand.LAUNCHES
        ],
        schema=LAUNCHES.schema,
    )


def targets_table(rng: np.random.Generator, actuals: pl.DataFrame) -> pl.DataFrame:
    """Monthly targets per launch, set from a plan that was more or less ambitious.

    `actuals` has launch_id, month (Date), kpi and value: what really happened.
    """
    ambition = pl.DataFrame({"launch_id": list(AMBITION), "ambition": list(AMBITION.values())})
    planned = actuals.join(ambition, on="launch_id").sort("launch_id", "kpi", "month")
    noise = rng.normal(1.0, 0.08, planned.height)
    return planned.select(
        period_start="month",
        period_end=pl.col("month").dt.month_end(),
        launch_id="launch_id",
        kpi="kpi",
        target=(pl.col("value") * pl.col("ambition") * pl.Series(noise) / 100).round(0) * 100,
    ).select(list(TARGETS.columns))


def events_table() -> pl.DataFrame:
    rows: list[dict[str, object]] = []
    for launch in brand.LAUNCHES:
        rows.append(
            _event(
                launch.launch_date,
                None,
                launch.launch_id,
                "launch_event",
                f"{launch.name} launch",
                launch.brief.split(".")[0],
            )
        )
    product, first, last = STOCKOUT
    rows += [
        _event(
            first,
            last,
            product,
            "stockout",
            "Silk Hair Oil out of stock",
            "Supplier delay on 100 ml bottles",
        ),
        _event(
            date(2025, 11, 28),
            date(2025, 12, 1),
            None,
            "campaign",
            "Black Friday 2025",
            "Sitewide 20% off DTC",
        ),
        _event(
            date(2026, 11, 27),
            date(2026, 11, 30),
            None,
            "campaign",
            "Black Friday 2026",
            "Sitewide 20% off DTC",
        ),
        _event(
            date(2025, 10, 2), None, "NOIR-FRAGRANCE", "pr", "Noir Bloom in Vogue gift guide", None
        ),
        _event(
            date(2026, 4, 1),
            None,
            "VELVET-LIP",
            "price_change",
            "Velvet lipstick +8% price",
            "New shelf price EUR 26",
        ),
        _event(
            date(2026, 9, 14),
            date(2026, 9, 16),
            "ATELIER-PRO",
            "launch_event",
            "Atelier Pro at Salon International",
            "Education stand, 3 days",
        ),
    ]
    return pl.DataFrame(rows, schema=EVENTS.schema).sort("date")


def _event(
    day: date, end: date | None, launch_id: str | None, kind: str, title: str, notes: str | None
) -> dict[str, object]:
    return {
        "date": day,
        "end_date": end,
        "launch_id": launch_id,
        "kind": kind,
        "title": title,
        "notes": notes,
    }


def launch_rules_table() -> pl.DataFrame:
    rows = [
        {
            "rule": f"R{index + 1}",
            "applies_to": "campaign",
            "match": match,
            "pattern": pattern,
            "launch_id": launch_id,
        }
        for index, (_, _, launch_id, match, pattern) in enumerate(brand.MESSY_CAMPAIGNS)
    ]
    return pl.DataFrame(rows, schema=LAUNCH_RULES.schema)
