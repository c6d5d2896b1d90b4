"""The sentences that say, where a number is shown, what it counts.

The Funnel follows a cohort and the Overview counts the period's events; both are
right, so each says which it is next to its numbers (docs/architecture.md,
"One truth per number"). Kept here, in one place, so the browser tests can hold
the pages to them word for word.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from kpi.filters import Filters
from present import formatting
from present.cells import ViewFormat

FUNNEL_TREND = ("mqls", "mql_to_sql_rate")
FUNNEL_HELP = {
    "cohort": "Leads created in the period that have reached the stage, up to the data's last day.",
    "cohort_before": "The same count for the leads created in the comparison period.",
    "in_period": "The Overview's count of the same step dated inside the period (MQLs by the "
    "day they qualified, won deals by the day they closed), whichever leads they came from.",
}
RATES_APART = (
    "Step conversion is the cohort's share of the stage before, MQLs not yet decided "
    "included. The Overview's acceptance rate is accepted ÷ (accepted + rejected) for the "
    "MQLs created in the period, so undecided MQLs do not lower it: the two are different "
    "numbers. Won counts the cohort's leads won so far; the Overview's won deals and won "
    "revenue count deals closed in the period, whenever their lead came in, so won can read "
    "0 % here while won revenue is not zero."
)


def cohort(view: Filters, last_day: date, summary: pl.DataFrame) -> str:
    """What the funnel follows, said above it."""
    leads = summary.filter(pl.col("stage") == "leads")["cohort"].sum()
    return (
        f"**One cohort, followed to today.** This funnel follows the {leads:,} leads created "
        f"from {view.start:%d %b %Y} to {view.end:%d %b %Y} and every stage they reached up "
        f"to the data's last day ({last_day:%d %b %Y}), even after the period. The Overview "
        "counts each step on its own date inside the period instead; the last column shows "
        "its numbers."
    )


def won_without_cohort(summary: pl.DataFrame, table: pl.DataFrame, look: ViewFormat) -> str:
    """Why won reads 0 % while the Overview shows won revenue, when that is the case."""
    won = summary.filter(pl.col("stage") == "won")["cohort"].sum()
    values: dict[str, Any] = dict(table.select("kpi", "value").iter_rows())
    revenue, cycle = values.get("won_revenue"), values.get("sales_cycle_days")
    if won or not isinstance(revenue, float) or revenue <= 0:
        return ""
    typical = (
        f" Deals closed in the period took {formatting.value(cycle, 'days')} on average from "
        "creation to close, so a short or recent cohort has had little time to be won."
        if isinstance(cycle, float)
        else ""
    )
    return (
        "No lead of this cohort has been won yet, so won reads 0 % here, while the Overview "
        f"shows {formatting.value(revenue, 'money', look.currency)} won revenue for the same "
        "filters: those deals closed in the period but came from leads created before it." + typical
    )


HANDOFF_TREND = ("sla_met_rate", "speed_to_lead_hours")
DUE = (
    "Due: MQLs whose follow-up SLA can be judged, because they were touched or their "
    "deadline has passed by the data's last day. SLA met is touched within the SLA ÷ due, "
    "so an MQL still inside its SLA counts neither way yet."
)


def spread(speed: Any, before: Any, look: ViewFormat) -> str:
    """The speed-to-lead spread under the histogram, with the comparison when there is one."""
    p90 = formatting.value(speed.p90_hours, "hours", look.currency)
    text = f"{speed.touched:,} MQLs touched; 90 % of them within {p90}"
    if before is not None and before.p90_hours is not None:
        text += f" (comparison period: {formatting.value(before.p90_hours, 'hours')})"
    return text + "."


def capped(note: str | None) -> str | None:
    """The line under a capped list, or None."""
    return None if note is None else f"Showing {note}."


def download_capped(note: str | None) -> str | None:
    """The line beside a capped list's download, or None."""
    return None if note is None else f"The download holds {note}."
