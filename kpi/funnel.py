"""The funnel: leads → MQL → accepted → SQL → won, for the leads of the period.

The cohort is the leads created in the period (after the dimension filters); each
later stage counts the cohort's leads that have reached it so far, whenever that
happened. A stage is reached when its timestamp is set, so data that skips a stage
(an SQL never marked accepted) shows as a step conversion above 1, not hidden. A
stage the data does not record at all (no acceptance dates anywhere) has no count,
and its note says so (docs/architecture.md, "Unknown is not zero"); conversions
follow the combining rule (kpi/combine.py).
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from kpi.combine import ratio_expr
from kpi.filters import Filters
from kpi.grouped import Grouped, grouped_values
from kpi.inputs import of_columns
from kpi.known import missing_reason
from kpi.measures import Measure
from kpi.model import Model

STAGES = ("leads", "mqls", "accepted", "sqls", "won")
# The timestamp that marks each stage after the first.
STAGE_COLUMNS = {"mqls": "mql_at", "accepted": "accepted_at", "sqls": "sql_at", "won": "won_at"}
ALL = "All"
NO_CHANNEL = "(none)"
NO_REASON = "(no reason given)"

FUNNEL_COLUMNS = {
    "group": pl.String,
    "stage": pl.String,
    "count": pl.Int64,
    "step_conversion": pl.Float64,
    "overall_conversion": pl.Float64,
    "note": pl.String,
}
REASON_COLUMNS = {"reason": pl.String, "count": pl.Int64, "share": pl.Float64}


def _stage_count(name: str, column: str) -> Measure:
    """The leads that have reached a stage (counted over the rows a view picks)."""
    return Measure(name=name, table="leads", date=column, aggregate="count", of=f"leads, {column}")


_LEADS = _stage_count("leads", "created_at")
_REJECTED = Measure(
    name="count", table="leads", date="mql_at", aggregate="count", of="MQLs rejected"
)


def funnel(
    model: Model, filters: Filters, by: Literal["launch", "channel"] | None = None
) -> pl.DataFrame:
    """Stage counts and conversions per group (one "All" group when `by` is None)."""
    missing = {
        stage: missing_reason(model, of_columns("leads", [column]))
        for stage, column in STAGE_COLUMNS.items()
    }
    cohort = filters.period.contains("created_at", pl.Datetime("us"))
    reached = [
        (_stage_count(stage, column), cohort & pl.col(column).is_not_null())
        for stage, column in STAGE_COLUMNS.items()
        if missing[stage] is None
    ]
    query = Grouped("leads", {"group": _group_expr(by)}, [(_LEADS, cohort), *reached], where=cohort)
    (grouped,) = grouped_values(model, filters, [query])
    counts = grouped.lazy().select(
        "group",
        *(
            (pl.col(stage) if stage == "leads" or missing[stage] is None else pl.lit(None))
            .cast(pl.Int64)
            .alias(stage)
            for stage in STAGES
        ),
    )
    # An empty cohort is no funnel at all (not a funnel of zeros): nothing matched.
    counts = counts.filter(pl.col("leads") > 0)
    long = counts.unpivot(index="group", on=list(STAGES), variable_name="stage", value_name="count")
    order = pl.col("stage").replace_strict(
        {stage: index for index, stage in enumerate(STAGES)}, return_dtype=pl.Int8
    )
    return (
        long.sort("group", order)
        # The bases as columns first: the rule reads each several times.
        .with_columns(
            previous=pl.col("count").shift(1).over("group"),
            first=pl.col("count").first().over("group"),
        )
        .with_columns(
            step_conversion=ratio_expr(pl.col("count"), pl.col("previous")),
            overall_conversion=ratio_expr(pl.col("count"), pl.col("first")),
            note=_notes(missing),
        )
        .collect()
        .select(FUNNEL_COLUMNS.keys())
        .cast(FUNNEL_COLUMNS)  # type: ignore[arg-type]
    )


def _notes(missing: dict[str, str | None]) -> pl.Expr:
    """Each stage's reason for having no count (null for the stages the data records)."""
    note = pl.lit(None, pl.String)
    for stage, reason in missing.items():
        if reason is not None:
            note = pl.when(pl.col("stage") == stage).then(pl.lit(reason)).otherwise(note)
    return note


def _group_expr(by: Literal["launch", "channel"] | None) -> pl.Expr:
    if by is None:
        return pl.lit(ALL)
    if by == "launch":
        return pl.col("launch_id")
    if by == "channel":
        return pl.col("channel").fill_null(NO_CHANNEL)
    raise ValueError(f"funnel can be split by launch or channel, not {by!r}")


def rejection_reasons(model: Model, filters: Filters) -> pl.DataFrame:
    """Why the period's MQLs were rejected: count and share of rejections per reason."""
    rejected = (
        filters.period.contains("mql_at", pl.Datetime("us")) & pl.col("rejected_at").is_not_null()
    )
    reason = {"reason": pl.col("reject_reason").fill_null(NO_REASON)}
    query = Grouped("leads", reason, [(_REJECTED, rejected)], rejected)
    (grouped,) = grouped_values(model, filters, [query])
    return (
        grouped.with_columns(pl.col("count").cast(pl.Int64))
        .with_columns(share=ratio_expr(pl.col("count"), pl.col("count").sum()))
        .sort(["count", "reason"], descending=[True, False])
        .select(REASON_COLUMNS.keys())
        .cast(REASON_COLUMNS)  # type: ignore[arg-type]
    )
