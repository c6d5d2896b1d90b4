"""The Funnel's and Hand-off's tables with their comparison beside them.

Every number comes from the engine's own functions (through the cached views): the
view's, then the same function for the comparison period. Here they are only put
side by side, so the pages stay thin and no KPI is computed twice.
"""

from __future__ import annotations

import polars as pl

from kpi.filters import Filters
from present.views import Views

# Each funnel stage and the Overview KPI that counts the same step by its own date.
STAGE_KPIS = {
    "leads": "leads",
    "mqls": "mqls",
    "accepted": "accepted_leads",
    "sqls": "sqls",
    "won": "won_deals",
}


def comparison_view(view: Filters) -> Filters | None:
    """The same filters over the comparison period (None when not comparing)."""
    period = view.comparison_period()
    return None if period is None else view.narrowed(start=period.start, end=period.end)


def _change(now: pl.Expr, before: pl.Expr) -> pl.Expr:
    return pl.when(before > 0).then((now - before) / before)


def funnel_summary(views: Views, view: Filters) -> pl.DataFrame:
    """Per stage: the cohort's count and conversions, the comparison cohort's count, and
    the Overview's count of the same step dated in the period."""
    stages = views.funnel(view, None).select(
        "stage", pl.col("count").alias("cohort"), "step_conversion", "overall_conversion"
    )
    if stages.is_empty():
        stages = pl.DataFrame({"stage": list(STAGE_KPIS)}).with_columns(
            cohort=pl.lit(0, pl.Int64),
            step_conversion=pl.lit(None, pl.Float64),
            overall_conversion=pl.lit(None, pl.Float64),
        )
    before = comparison_view(view)
    if before is not None:
        earlier = views.funnel(before, None).select("stage", cohort_before=pl.col("count"))
        stages = stages.join(earlier, on="stage", how="left", maintain_order="left")
        stages = stages.with_columns(
            cohort_before=pl.col("cohort_before").fill_null(0),
        ).with_columns(delta_pct=_change(pl.col("cohort"), pl.col("cohort_before")))
    table = views.kpi_table(view)
    counted = dict(table.select("kpi", "value").iter_rows())
    in_period = [counted.get(STAGE_KPIS[stage]) for stage in stages["stage"]]
    return stages.with_columns(
        in_period=pl.Series(in_period, dtype=pl.Float64).cast(pl.Int64, strict=False)
    )


def funnel_by_group(stages: pl.DataFrame) -> pl.DataFrame:
    """One row per launch or channel: the cohort's count at each stage, and won of leads."""
    if stages.is_empty():
        return pl.DataFrame(schema={"group": pl.String, **dict.fromkeys(STAGE_KPIS, pl.Int64)})
    wide = stages.pivot(on="stage", index="group", values="count").select("group", *STAGE_KPIS)
    return wide.with_columns(
        won_of_leads=pl.when(pl.col("leads") > 0).then(pl.col("won") / pl.col("leads"))
    ).sort("leads", "group", descending=[True, False])


def sla_compared(views: Views, view: Filters, by: str) -> pl.DataFrame:
    """The SLA per rep or region, with each one's SLA met in the comparison period."""
    now = views.sla_by(view, by)
    before = comparison_view(view)
    if before is not None:
        earlier = views.sla_by(before, by).select("group", sla_met_before=pl.col("sla_met_rate"))
        now = now.join(earlier, on="group", how="left", maintain_order="left").with_columns(
            sla_met_change=pl.col("sla_met_rate") - pl.col("sla_met_before")
        )
    return now.rename({"group": by})


def unworked_in_days(unworked: pl.DataFrame) -> pl.DataFrame:
    """The waiting list with its wait in days, the unit a manager acts on."""
    return unworked.with_columns(days_waiting=pl.col("hours_waiting") / 24).drop("hours_waiting")
