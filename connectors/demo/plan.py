"""Demo launch briefs, monthly targets, calendar events and launch rules."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
from contract.schema import EVENTS, LAUNCH_RULES, TARGETS
from contract.schema import LAUNCHES as LAUNCHES_TABLE

from connectors.demo import brand
from connectors.demo.launches import LAUNCHES, MESSY_CAMPAIGNS, MOMENTS


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
            for launch in LAUNCHES
        ],
        schema=LAUNCHES_TABLE.schema,
    )


def targets_table(rng: np.random.Generator, actuals: pl.DataFrame) -> pl.DataFrame:
    """Monthly targets per launch, set from a plan that was more or less ambitious: its
    `ambition` at launch moving to its ambition six months on (DemoLaunch.ambition).

    `actuals` has launch_id, month (Date), kpi and value: what really happened.
    """
    plans = pl.DataFrame(
        [(item.launch_id, item.launch_date, *item.ambition) for item in LAUNCHES],
        schema={
            "launch_id": pl.String,
            "launched": pl.Date,
            "first": pl.Float64,
            "later": pl.Float64,
        },
        orient="row",
    )
    half_years_in = (pl.col("month") - pl.col("launched").dt.truncate("1mo")).dt.total_days() / 182
    planned = (
        actuals.join(plans, on="launch_id")
        .with_columns(
            ambition=pl.col("first")
            + (pl.col("later") - pl.col("first")) * half_years_in.clip(0, 1)
        )
        .sort("launch_id", "kpi", "month")
    )
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
    for launch in LAUNCHES:
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
    rows += [_event(m.start, m.end, m.launch_id, m.kind, m.title, m.notes) for m in MOMENTS]
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
        for index, (_, _, launch_id, match, pattern) in enumerate(MESSY_CAMPAIGNS)
    ]
    return pl.DataFrame(rows, schema=LAUNCH_RULES.schema)
