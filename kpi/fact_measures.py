"""The measures KPIs are built from, one per thing counted, summed or medianed.

Each reads one fact table (kpi/model.py) and belongs to a period by one date column,
or is a snapshot at the period's end (open pipeline). Named once here so that two
KPIs sharing a measure (spend in CTR, CPL, CAC) share one aggregation per query.
`of` says what is aggregated; a KPI's formula text is built from it (kpi/definition.py).
"""

from __future__ import annotations

import polars as pl

from kpi.inputs import LOST_DEALS
from kpi.measures import (
    Measure,
    RowCondition,
    hours_between,
    sla_window_closed,
    touched_within_sla,
    unworked,
)
from kpi.model import ONLY_ORDER

is_won = pl.col("is_won").fill_null(False)
from_marketing = pl.col("source") == "marketing"


def _always(where: pl.Expr | None) -> RowCondition | None:
    return None if where is None else (lambda _: where)


def _count(
    name: str, table: str, date: str | None, of: str, where: pl.Expr | None = None
) -> Measure:
    return Measure(
        name=name, table=table, date=date, aggregate="count", of=of, where=_always(where)
    )


def _sum(
    name: str, table: str, date: str | None, value: str, of: str, where: pl.Expr | None = None
) -> Measure:
    return Measure(
        name=name,
        table=table,
        date=date,
        aggregate="sum",
        of=of,
        value=pl.col(value),
        where=_always(where),
    )


COHORT = "MQL cohort"

SPEND = _sum("spend", "spend", "date", "spend", "spend")
IMPRESSIONS = _sum("impressions", "spend", "date", "impressions", "impressions")
CLICKS = _sum("clicks", "spend", "date", "clicks", "clicks")
CONVERSION_VALUE = _sum("conversion_value", "spend", "date", "conversion_value", "conversion_value")
LEADS = _count("leads", "leads", "created_at", "leads by created_at")
MQLS = _count("mqls", "leads", "mql_at", "leads by mql_at")
ACCEPTED = _count("accepted_leads", "leads", "accepted_at", "leads by accepted_at")
SQLS = _count("sqls", "leads", "sql_at", "leads by sql_at")
COHORT_ACCEPTED = _count(
    "cohort_accepted", "leads", "mql_at", f"{COHORT}, accepted", pl.col("accepted_at").is_not_null()
)
COHORT_DECIDED = _count(
    "cohort_decided",
    "leads",
    "mql_at",
    f"{COHORT}, accepted or rejected",
    pl.col("accepted_at").is_not_null() | pl.col("rejected_at").is_not_null(),
)
COHORT_SQL = _count(
    "cohort_sql", "leads", "mql_at", f"{COHORT}, SQL", pl.col("sql_at").is_not_null()
)
COHORT_WON = _count(
    "cohort_won", "leads", "mql_at", f"{COHORT}, won", pl.col("won_at").is_not_null()
)
SPEED_TO_LEAD = Measure(
    name="speed_to_lead_median",
    table="leads",
    date="mql_at",
    aggregate="median",
    of="first_touch_at - mql_at, touched MQLs",
    value=hours_between("mql_at", "first_touch_at"),
)
SLA_MET = Measure(
    name="sla_met",
    table="leads",
    date="mql_at",
    aggregate="count",
    of=f"{COHORT}, touched within SLA",
    where=touched_within_sla,
)
SLA_DUE = Measure(
    name="sla_due",
    table="leads",
    date="mql_at",
    aggregate="count",
    of=f"{COHORT}, touched or past SLA",
    where=sla_window_closed,
)
UNWORKED = Measure(
    name="unworked_mqls",
    table="leads",
    date="mql_at",
    aggregate="count",
    of="MQLs, no first touch, past SLA",
    where=unworked,
)
# Event MQLs whose follow-up can be judged (touched, or past the SLA deadline): the
# same denominator as the SLA rate, so a lead still inside its window is not a miss.
EVENT_DUE = Measure(
    name="event_due",
    table="leads",
    date="mql_at",
    aggregate="count",
    of=f"event {COHORT}, touched or past SLA",
    where=lambda context: pl.col("event").is_not_null() & sla_window_closed(context),
)
EVENT_FOLLOWED_UP = Measure(
    name="event_followed_up",
    table="leads",
    date="mql_at",
    aggregate="count",
    of=f"event {COHORT}, touched within SLA",
    where=lambda context: pl.col("event").is_not_null() & touched_within_sla(context),
)
DEALS_CREATED = _count("deals_created", "deals", "created_at", "deals by created_at")
PIPELINE_CREATED = _sum(
    "pipeline_created", "deals", "created_at", "amount", "amount of deals by created_at"
)
MARKETING_PIPELINE = _sum(
    "marketing_pipeline",
    "deals",
    "created_at",
    "amount",
    "amount of deals by created_at, source = marketing",
    from_marketing,
)
OPEN_PIPELINE = _sum(
    "open_pipeline", "deals", None, "amount", "amount of deals open at the period's end"
)
WON_DEALS = _count("won_deals", "deals", "closed_at", "deals won by closed_at", is_won)
CLOSED_DEALS = Measure(
    name="closed_deals",
    table="deals",
    date="closed_at",
    aggregate="count",
    of="deals won or lost by closed_at",
    where=_always(pl.col("is_won").is_not_null()),
    needs=(LOST_DEALS,),
)
WON_REVENUE = _sum("won_revenue", "deals", "closed_at", "amount", "amount of deals won", is_won)
MARKETING_REVENUE = _sum(
    "marketing_revenue",
    "deals",
    "closed_at",
    "amount",
    "amount of deals won, source = marketing",
    is_won & from_marketing,
)
CYCLE_DAYS = Measure(
    name="sales_cycle_median",
    table="deals",
    date="closed_at",
    aggregate="median",
    of="closed_at - created_at, deals won, closed_at >= created_at",
    value=hours_between("created_at", "closed_at") / 24,
    # A deal closed before it was created is a data error the health record names; its
    # revenue counts, its negative cycle does not (docs/architecture.md, "Dates that
    # contradict each other").
    where=_always(is_won & (pl.col("closed_at") >= pl.col("created_at"))),
)
ORDER_REVENUE = _sum("order_revenue", "orders", "date", "revenue", "order revenue")
UNITS = _sum("units", "orders", "date", "units", "units")
CUSTOMERS = Measure(
    name="customers",
    table="orders",
    date="date",
    aggregate="n_unique",
    of="customer_id",
    value=pl.col("customer_id"),
    once=ONLY_ORDER,
)
NEW_CUSTOMERS = _count(
    "new_customers", "orders", "date", "customers' first orders", pl.col("is_first_order")
)
