"""The hand-off from Marketing to Sales: speed to lead, the follow-up SLA, unworked MQLs.

Everything here is about the period's MQLs (by `mql_at`) and uses the SLA rules of
the catalog's measures (kpi/measures.py), so these views add up to the KPI tiles.
Data without first-touch times cannot say how fast or whether MQLs were worked: then
these views have no numbers, and `reason` or `note` says why (docs/architecture.md,
"Unknown is not zero").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import polars as pl

from kpi.combine import ratio_expr
from kpi.fact_measures import MQLS, SLA_DUE, SLA_MET, SPEED_TO_LEAD, UNWORKED
from kpi.filters import Filters
from kpi.grouped import Grouped, grouped_values
from kpi.known import missing_reason
from kpi.measures import hours_between, unworked
from kpi.model import Model
from kpi.records import Listed, Records, listed
from kpi.speed_bars import BAR_COLUMNS, bars

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
    # lead_id, owner, region, hours: one row per touched MQL, fastest first, at most
    # RECORD_CAP of them (kpi/records.py); `note` says when the list is capped.
    hours: pl.DataFrame
    reason: str | None = None  # why there are no numbers: the data has no first touches
    note: str | None = None
    # The histogram of every touched MQL, however many (kpi/speed_bars.py).
    bars: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=BAR_COLUMNS))


HOURS = hours_between("mql_at", "first_touch_at")
# The spread of speed to lead: the catalog's median and its 90th percentile.
SPEED_P90 = replace(SPEED_TO_LEAD, name="speed_to_lead_p90", aggregate="p90")


def _in_period(filters: Filters) -> pl.Expr:
    return filters.period.contains("mql_at", pl.Datetime("us"))


def first_touch_reason(model: Model) -> str | None:
    """Why the data cannot say how MQLs were worked (the SLA measures' inputs), or None."""
    return missing_reason(model, (*SPEED_TO_LEAD.inputs, *SLA_DUE.inputs))


def speed_to_lead(model: Model, filters: Filters) -> SpeedToLead:
    reason = first_touch_reason(model)
    if reason is not None:
        return SpeedToLead(None, None, 0, pl.DataFrame(schema=HOURS_COLUMNS), reason)
    context = model.context(filters)
    schema = model.facts["leads"].collect_schema()
    spread = [(m, m.rows(filters.period, schema, context)) for m in (SPEED_TO_LEAD, SPEED_P90)]
    touched = _in_period(filters) & pl.col("first_touch_at").is_not_null()
    whole = Grouped("leads", {"all": pl.lit("all")}, spread, touched)
    (values,) = grouped_values(model, filters, [whole])
    columns = {"lead_id": pl.col("lead_id"), "owner": pl.col("owner"), "region": pl.col("region")}
    records = Records("leads", {**columns, "hours": HOURS}, touched, _FASTEST)
    found = listed(model, filters, records)
    median, p90 = values.row(0)[1:] if values.height else (None, None)
    hours = found.rows.cast(HOURS_COLUMNS)  # type: ignore[arg-type]
    drawn = bars(model, filters, touched, _number(p90))
    return SpeedToLead(
        _number(median), _number(p90), found.total, hours, note=found.note, bars=drawn
    )


_FASTEST = (("hours", False), ("lead_id", False))


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and value == value else None


def sla_by(model: Model, filters: Filters, by: Literal["owner", "region"]) -> pl.DataFrame:
    """The follow-up SLA per rep or region, worst first."""
    if by not in ("owner", "region"):
        raise ValueError(f"the SLA can be split by owner or region, not {by!r}")
    context = model.context(filters)
    reason = first_touch_reason(model)
    schema = model.facts["leads"].collect_schema()
    judged = {
        "touched_within_sla": SLA_MET,
        "due": SLA_DUE,
        "median_hours": SPEED_TO_LEAD,
        "unworked": UNWORKED,
    }
    chosen = [MQLS] if reason is not None else [MQLS, *judged.values()]
    rows = [(m, m.rows(filters.period, schema, context)) for m in chosen]
    group = {"group": pl.col(by).fill_null(NO_GROUP)}
    (grouped,) = grouped_values(
        model, filters, [Grouped("leads", group, rows, _in_period(filters))]
    )
    named = {
        name: pl.lit(None) if reason is not None else pl.col(measure.name)
        for name, measure in judged.items()
    }
    return (
        grouped.select("group", mqls=pl.col(MQLS.name), **named)
        .with_columns(
            sla_met_rate=ratio_expr(pl.col("touched_within_sla"), pl.col("due")),
            note=pl.lit(reason, pl.String),
        )
        .sort(["sla_met_rate", "group"], nulls_last=True)
        .select(SLA_COLUMNS.keys())
        .cast(SLA_COLUMNS)  # type: ignore[arg-type]
    )


def unworked_mqls(model: Model, filters: Filters) -> pl.DataFrame:
    """The period's MQLs still waiting for a first touch past the SLA, longest first
    (at most RECORD_CAP of them: `unworked_list` says how many there were)."""
    return unworked_list(model, filters).rows


def unworked_list(model: Model, filters: Filters) -> Listed:
    """`unworked_mqls` with the number of them and the note when the list is capped."""
    if first_touch_reason(model) is not None:
        # No first touches anywhere: "unworked" would be every MQL. Say nothing, not that.
        return Listed(pl.DataFrame(schema=UNWORKED_COLUMNS), 0)  # type: ignore[arg-type]
    waited = (pl.lit(model.as_of) - pl.col("mql_at")).dt.total_microseconds() / 3_600_000_000
    columns = {name: pl.col(name) for name in UNWORKED_COLUMNS if name != "hours_waiting"}
    where = _in_period(filters) & unworked(model.context(filters))
    records = Records("leads", {**columns, "hours_waiting": waited}, where, _LONGEST)
    found = listed(model, filters, records)
    return Listed(found.rows.cast(UNWORKED_COLUMNS), found.total)  # type: ignore[arg-type]


_LONGEST = (("hours_waiting", True), ("lead_id", False))
