"""The measures KPIs are built from, one per thing counted, summed or medianed.

Each reads one fact table (kpi/model.py) and belongs to a period by one date column,
or is a snapshot at the period's end (open pipeline). Named once here so that two
KPIs sharing a measure (spend in CTR, CPL, CAC) share one aggregation per query.
"""

from __future__ import annotations

import polars as pl

from kpi.measures import (
    Measure,
    hours_between,
    sla_window_closed,
    touched_within_sla,
    unworked,
)

is_won = pl.col("is_won").fill_null(False)
from_marketing = pl.col("source") == "marketing"


def _count(name: str, table: str, date: str | None, where: pl.Expr | None = None) -> Measure:
    return Measure(name, table, date, "count", where=None if where is None else (lambda _: where))


def _sum(
    name: str, table: str, date: str | None, value: str, where: pl.Expr | None = None
) -> Measure:
    condition = None if where is None else (lambda _: where)
    return Measure(name, table, date, "sum", value=pl.col(value), where=condition)


SPEND = _sum("spend", "spend", "date", "spend")
IMPRESSIONS = _sum("impressions", "spend", "date", "impressions")
CLICKS = _sum("clicks", "spend", "date", "clicks")
CONVERSION_VALUE = _sum("conversion_value", "spend", "date", "conversion_value")
LEADS = _count("leads", "leads", "created_at")
MQLS = _count("mqls", "leads", "mql_at")
ACCEPTED = _count("accepted_leads", "leads", "accepted_at")
SQLS = _count("sqls", "leads", "sql_at")
COHORT_ACCEPTED = _count("cohort_accepted", "leads", "mql_at", pl.col("accepted_at").is_not_null())
COHORT_DECIDED = _count(
    "cohort_decided",
    "leads",
    "mql_at",
    pl.col("accepted_at").is_not_null() | pl.col("rejected_at").is_not_null(),
)
COHORT_SQL = _count("cohort_sql", "leads", "mql_at", pl.col("sql_at").is_not_null())
COHORT_WON = _count("cohort_won", "leads", "mql_at", pl.col("won_at").is_not_null())
SPEED_TO_LEAD = Measure(
    "speed_to_lead_median",
    "leads",
    "mql_at",
    "median",
    value=hours_between("mql_at", "first_touch_at"),
)
SLA_MET = Measure("sla_met", "leads", "mql_at", "count", where=touched_within_sla)
SLA_DUE = Measure("sla_due", "leads", "mql_at", "count", where=sla_window_closed)
UNWORKED = Measure("unworked_mqls", "leads", "mql_at", "count", where=unworked)
# Event MQLs whose follow-up can be judged (touched, or past the SLA deadline): the
# same denominator as the SLA rate, so a lead still inside its window is not a miss.
EVENT_DUE = Measure(
    "event_due",
    "leads",
    "mql_at",
    "count",
    where=lambda context: pl.col("event").is_not_null() & sla_window_closed(context),
)
EVENT_FOLLOWED_UP = Measure(
    "event_followed_up",
    "leads",
    "mql_at",
    "count",
    where=lambda context: pl.col("event").is_not_null() & touched_within_sla(context),
)
DEALS_CREATED = _count("deals_created", "deals", "created_at")
PIPELINE_CREATED = _sum("pipeline_created", "deals", "created_at", "amount")
MARKETING_PIPELINE = _sum("marketing_pipeline", "deals", "created_at", "amount", from_marketing)
OPEN_PIPELINE = _sum("open_pipeline", "deals", None, "amount")
WON_DEALS = _count("won_deals", "deals", "closed_at", is_won)
CLOSED_DEALS = _count("closed_deals", "deals", "closed_at", pl.col("is_won").is_not_null())
WON_REVENUE = _sum("won_revenue", "deals", "closed_at", "amount", is_won)
MARKETING_REVENUE = _sum(
    "marketing_revenue", "deals", "closed_at", "amount", is_won & from_marketing
)
CYCLE_DAYS = Measure(
    "sales_cycle_median",
    "deals",
    "closed_at",
    "median",
    value=hours_between("created_at", "closed_at") / 24,
    where=lambda _: is_won,
)
ORDER_REVENUE = _sum("order_revenue", "orders", "date", "revenue")
UNITS = _sum("units", "orders", "date", "units")
CUSTOMERS = Measure("customers", "orders", "date", "n_unique", value=pl.col("customer_id"))
NEW_CUSTOMERS = _count("new_customers", "orders", "date", pl.col("is_first_order"))
