"""The hand-off from Marketing to Sales: speed to lead, the follow-up SLA, unworked MQLs.

Everything here is about the period's MQLs (by `mql_at`) and uses the SLA rules of
the catalog's measures (kpi/measures.py), so these views add up to the KPI tiles.
Data without first-touch times cannot say how fast or whether MQLs were worked: then
these views have no numbers, and `reason` or `note` says why (docs/architecture.md,
"Unknown is not zero").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from kpi.combine import ratio_expr
from kpi.fact_measures import SLA_DUE, SPEED_TO_LEAD
from kpi.filters import Filters
from kpi.known import missing_reason
from kpi.measures import hours_between, sla_window_closed, touched_within_sla, unworked
from kpi.model import Model

NO_GROUP = "(none)"
HOURS_COLUMNS = {"lead_id": pl.String, "owner": pl.String, "region": pl.String, "hours": pl.Float64}
SLA_COLUMNS = {
    "group": pl.String,
    "mqls": pl.Int64,
    "touched_within_sla": pl.Int64,
    "due": pl.Int64,
    "sla_met_rate": pl.Float64,
    "median_hours": pl.Float64,
    "unworked": pl.Int64,
    "note": pl.String,
}
UNWORKED_COLUMNS = {
    "lead_id": pl.String,
    "mql_at": pl.Datetime("us"),
    "launch_id": pl.String,
    "channel": pl.String,
    "campaign": pl.String,
    "region": pl.String,
    "segment": pl.String,
    "owner": pl.String,
    "hours_waiting": pl.Float64,
}


@dataclass(frozen=True)
class SpeedToLead:
    """Hours from MQL to first touch for the period's touched MQLs, and their spread."""

    median_hours: float | None
    p90_hours: float | None
    touched: int
    hours: pl.DataFrame  # lead_id, owner, region, hours: one row per touched MQL
    reason: str | None = None  # why there are no numbers: the data has no first touches


def _mqls(model: Model, filters: Filters) -> pl.LazyFrame:
    leads = model.facts_for(filters)["leads"]
    return leads.filter(filters.period.contains("mql_at", pl.Datetime("us")))


def first_touch_reason(model: Model) -> str | None:
    """Why the data cannot say how MQLs were worked (the SLA measures' inputs), or None."""
    return missing_reason(model, (*SPEED_TO_LEAD.inputs, *SLA_DUE.inputs))


def speed_to_lead(model: Model, filters: Filters) -> SpeedToLead:
    reason = first_touch_reason(model)
    if reason is not None:
        return SpeedToLead(None, None, 0, pl.DataFrame(schema=HOURS_COLUMNS), reason)
    hours = (
        _mqls(model, filters)
        .filter(pl.col("first_touch_at").is_not_null())
        .select("lead_id", "owner", "region", hours=hours_between("mql_at", "first_touch_at"))
        .sort("hours", "lead_id")
        .collect()
        .cast(HOURS_COLUMNS)  # type: ignore[arg-type]
    )
    spread = hours.select(
        median=pl.col("hours").median(),
        p90=pl.col("hours").quantile(0.9, interpolation="linear"),
    ).row(0)
    return SpeedToLead(_number(spread[0]), _number(spread[1]), hours.height, hours)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and value == value else None


def sla_by(model: Model, filters: Filters, by: Literal["owner", "region"]) -> pl.DataFrame:
    """The follow-up SLA per rep or region, worst first."""
    if by not in ("owner", "region"):
        raise ValueError(f"the SLA can be split by owner or region, not {by!r}")
    context = model.context(filters)
    touched = pl.col("first_touch_at").is_not_null()
    reason = first_touch_reason(model)
    judged = {
        "touched_within_sla": touched_within_sla(context).sum(),
        "due": sla_window_closed(context).sum(),
        "median_hours": hours_between("mql_at", "first_touch_at").filter(touched).median(),
        "unworked": unworked(context).sum(),
    }
    if reason is not None:
        judged = {name: pl.lit(None, pl.Int64) for name in judged}
    return (
        _mqls(model, filters)
        .group_by(group=pl.col(by).fill_null(NO_GROUP))
        .agg(mqls=pl.len(), **judged)
        .with_columns(
            sla_met_rate=ratio_expr(pl.col("touched_within_sla"), pl.col("due")),
            note=pl.lit(reason, pl.String),
        )
        .sort(["sla_met_rate", "group"], nulls_last=True)
        .collect()
        .select(SLA_COLUMNS.keys())
        .cast(SLA_COLUMNS)  # type: ignore[arg-type]
    )


def unworked_mqls(model: Model, filters: Filters) -> pl.DataFrame:
    """The period's MQLs still waiting for a first touch past the SLA, longest first."""
    waited = (pl.lit(model.as_of) - pl.col("mql_at")).dt.total_microseconds() / 3_600_000_000
    mqls = _mqls(model, filters)
    if first_touch_reason(model) is not None:
        # No first touches anywhere: "unworked" would be every MQL. Say nothing, not that.
        mqls = mqls.clear()
    return (
        mqls.filter(unworked(model.context(filters)))
        .with_columns(hours_waiting=waited)
        .sort(["hours_waiting", "lead_id"], descending=[True, False])
        .collect()
        .select(UNWORKED_COLUMNS.keys())
        .cast(UNWORKED_COLUMNS)  # type: ignore[arg-type]
    )
