"""The KPI catalog: every KPI Tandem shows, declared once (DESIGN.md §4).

Each entry says what it is (id, label, department, unit, which direction is better,
a plain-words definition and formula) and how it is computed: numerator measures
summed, divided by denominator measures summed. Rates are therefore ratios of sums
at every grain, never averages of ratios. Conversion rates follow a cohort: of the
MQLs created in the period, the share that reached the stage so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from kpi.measures import (
    Measure,
    hours_between,
    sla_window_closed,
    touched_within_sla,
    unworked,
)

Department = Literal["marketing", "sales", "shared"]
Unit = Literal["count", "money", "ratio", "hours", "days"]
Better = Literal["up", "down"]


@dataclass(frozen=True)
class Kpi:
    id: str
    label: str
    department: Department
    unit: Unit
    better: Better
    definition: str
    formula: str
    numerator: tuple[Measure, ...]
    denominator: tuple[Measure, ...] = ()
    # A KPI divided by its own target to date (target attainment) names that KPI here.
    versus_target_of: str | None = None

    @property
    def additive(self) -> bool:
        """Whether the KPI's value over disjoint parts adds up to the whole."""
        return (
            not self.denominator
            and self.versus_target_of is None
            and all(m.additive for m in self.numerator)
        )

    @property
    def measures(self) -> tuple[Measure, ...]:
        return self.numerator + self.denominator


# --- measures -------------------------------------------------------------------------

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
EVENT_MQLS = _count("event_mqls", "leads", "mql_at", pl.col("event").is_not_null())
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


# --- the catalog ----------------------------------------------------------------------

COHORT = "Cohort: of the MQLs created in the period, "

CATALOG: tuple[Kpi, ...] = (
    # Marketing
    Kpi(
        "spend",
        "Spend",
        "marketing",
        "money",
        "down",
        "Media and event spend in the period.",
        "sum(spend)",
        (SPEND,),
    ),
    Kpi(
        "impressions",
        "Impressions",
        "marketing",
        "count",
        "up",
        "Ad impressions reported by the platforms.",
        "sum(impressions)",
        (IMPRESSIONS,),
    ),
    Kpi(
        "clicks",
        "Clicks",
        "marketing",
        "count",
        "up",
        "Ad clicks reported by the platforms.",
        "sum(clicks)",
        (CLICKS,),
    ),
    Kpi(
        "ctr",
        "Click-through rate",
        "marketing",
        "ratio",
        "up",
        "Clicks per impression.",
        "sum(clicks) ÷ sum(impressions)",
        (CLICKS,),
        (IMPRESSIONS,),
    ),
    Kpi(
        "leads",
        "Leads",
        "marketing",
        "count",
        "up",
        "New leads created in the period.",
        "count(leads by created_at)",
        (LEADS,),
    ),
    Kpi(
        "mqls",
        "MQLs",
        "marketing",
        "count",
        "up",
        "Leads that became marketing-qualified in the period.",
        "count(leads by mql_at)",
        (MQLS,),
    ),
    Kpi(
        "cost_per_lead",
        "Cost per lead",
        "marketing",
        "money",
        "down",
        "Spend per lead created in the period.",
        "sum(spend) ÷ count(leads)",
        (SPEND,),
        (LEADS,),
    ),
    Kpi(
        "cost_per_mql",
        "Cost per MQL",
        "marketing",
        "money",
        "down",
        "Spend per MQL of the period.",
        "sum(spend) ÷ count(MQLs)",
        (SPEND,),
        (MQLS,),
    ),
    Kpi(
        "roas",
        "ROAS",
        "marketing",
        "ratio",
        "up",
        "Platform-reported conversion value per unit of spend.",
        "sum(conversion_value) ÷ sum(spend)",
        (CONVERSION_VALUE,),
        (SPEND,),
    ),
    Kpi(
        "marketing_sourced_pipeline",
        "Marketing-sourced pipeline",
        "marketing",
        "money",
        "up",
        "Value of marketing-sourced deals created in the period.",
        "sum(amount of deals created, source = marketing)",
        (MARKETING_PIPELINE,),
    ),
    Kpi(
        "marketing_sourced_revenue",
        "Marketing-sourced revenue",
        "marketing",
        "money",
        "up",
        "Value of marketing-sourced deals won in the period.",
        "sum(amount of deals won, source = marketing)",
        (MARKETING_REVENUE,),
    ),
    # Sales
    Kpi(
        "accepted_leads",
        "Accepted leads",
        "sales",
        "count",
        "up",
        "MQLs sales accepted in the period.",
        "count(leads by accepted_at)",
        (ACCEPTED,),
    ),
    Kpi(
        "sqls",
        "SQLs",
        "sales",
        "count",
        "up",
        "Leads that became sales-qualified in the period.",
        "count(leads by sql_at)",
        (SQLS,),
    ),
    Kpi(
        "deals_created",
        "Deals created",
        "sales",
        "count",
        "up",
        "Deals opened in the period, from any source.",
        "count(deals by created_at)",
        (DEALS_CREATED,),
    ),
    Kpi(
        "pipeline_value",
        "Open pipeline",
        "sales",
        "money",
        "up",
        "Value of deals still open at the end of the period.",
        "sum(amount of deals open at period end)",
        (OPEN_PIPELINE,),
    ),
    Kpi(
        "won_deals",
        "Won deals",
        "sales",
        "count",
        "up",
        "Deals won in the period.",
        "count(deals won by closed_at)",
        (WON_DEALS,),
    ),
    Kpi(
        "won_revenue",
        "Won revenue",
        "sales",
        "money",
        "up",
        "Value of deals won in the period.",
        "sum(amount of deals won)",
        (WON_REVENUE,),
    ),
    Kpi(
        "win_rate",
        "Win rate",
        "sales",
        "ratio",
        "up",
        "Of the deals closed in the period, the share won.",
        "count(won) ÷ count(won + lost)",
        (WON_DEALS,),
        (CLOSED_DEALS,),
    ),
    Kpi(
        "avg_deal_size",
        "Average deal size",
        "sales",
        "money",
        "up",
        "Won revenue per won deal.",
        "sum(won amount) ÷ count(won deals)",
        (WON_REVENUE,),
        (WON_DEALS,),
    ),
    Kpi(
        "sales_cycle_days",
        "Sales cycle",
        "sales",
        "days",
        "down",
        "Median days from deal creation to win, for deals won in the period.",
        "median(closed_at - created_at) of won deals",
        (CYCLE_DAYS,),
    ),
    Kpi(
        "order_revenue",
        "Order revenue",
        "sales",
        "money",
        "up",
        "Revenue of DTC, retail and pro orders in the period.",
        "sum(order revenue)",
        (ORDER_REVENUE,),
    ),
    Kpi(
        "units",
        "Units sold",
        "sales",
        "count",
        "up",
        "Units on orders in the period.",
        "sum(units)",
        (UNITS,),
    ),
    Kpi(
        "customers",
        "Customers",
        "sales",
        "count",
        "up",
        "Distinct customers who ordered in the period.",
        "count distinct(customer_id)",
        (CUSTOMERS,),
    ),
    # Shared: the hand-off and the one revenue target
    Kpi(
        "acceptance_rate",
        "Acceptance rate",
        "shared",
        "ratio",
        "up",
        COHORT + "the share sales accepted, of those accepted or rejected so far.",
        "accepted ÷ (accepted + rejected), MQL cohort",
        (COHORT_ACCEPTED,),
        (COHORT_DECIDED,),
    ),
    Kpi(
        "speed_to_lead_hours",
        "Speed to lead",
        "shared",
        "hours",
        "down",
        "Median hours from MQL to first sales touch, for the period's MQLs that were touched.",
        "median(first_touch_at - mql_at)",
        (SPEED_TO_LEAD,),
    ),
    Kpi(
        "sla_met_rate",
        "Follow-up SLA met",
        "shared",
        "ratio",
        "up",
        COHORT + "the share touched within the follow-up SLA (24 h unless changed), "
        "of those touched or past their deadline.",
        "touched within SLA ÷ (touched + overdue), MQL cohort",
        (SLA_MET,),
        (SLA_DUE,),
    ),
    Kpi(
        "unworked_mqls",
        "Unworked MQLs",
        "shared",
        "count",
        "down",
        "MQLs of the period with no sales touch, older than the follow-up SLA.",
        "count(MQLs, no first touch, past SLA)",
        (UNWORKED,),
    ),
    Kpi(
        "mql_to_sql_rate",
        "MQL → SQL",
        "shared",
        "ratio",
        "up",
        COHORT + "the share that became sales-qualified so far.",
        "SQLs ÷ MQLs, MQL cohort",
        (COHORT_SQL,),
        (MQLS,),
    ),
    Kpi(
        "mql_to_won_rate",
        "MQL → won",
        "shared",
        "ratio",
        "up",
        COHORT + "the share that was won so far.",
        "won ÷ MQLs, MQL cohort",
        (COHORT_WON,),
        (MQLS,),
    ),
    Kpi(
        "marketing_sourced_share",
        "Marketing-sourced share",
        "shared",
        "ratio",
        "up",
        "Of the pipeline created in the period, the share sourced by marketing.",
        "marketing-sourced pipeline ÷ all pipeline created",
        (MARKETING_PIPELINE,),
        (PIPELINE_CREATED,),
    ),
    Kpi(
        "revenue",
        "Revenue",
        "shared",
        "money",
        "up",
        "Won deal revenue plus order revenue: the one revenue both teams own.",
        "won revenue + order revenue",
        (WON_REVENUE, ORDER_REVENUE),
    ),
    Kpi(
        "target_attainment",
        "Revenue vs target",
        "shared",
        "ratio",
        "up",
        "Revenue so far divided by the revenue target expected by now "
        "(target prorated by days elapsed).",
        "revenue ÷ revenue target to date",
        (WON_REVENUE, ORDER_REVENUE),
        versus_target_of="revenue",
    ),
    Kpi(
        "cac",
        "Customer acquisition cost",
        "shared",
        "money",
        "down",
        "Spend per new customer (first order ever placed in the period).",
        "sum(spend) ÷ count(new customers)",
        (SPEND,),
        (NEW_CUSTOMERS,),
    ),
    Kpi(
        "event_followup_rate",
        "Event follow-up",
        "shared",
        "ratio",
        "up",
        COHORT + "those from events: the share touched within the follow-up SLA.",
        "event MQLs touched within SLA ÷ event MQLs",
        (EVENT_FOLLOWED_UP,),
        (EVENT_MQLS,),
    ),
)

BY_ID: dict[str, Kpi] = {kpi.id: kpi for kpi in CATALOG}


def get(kpi_id: str) -> Kpi:
    try:
        return BY_ID[kpi_id]
    except KeyError:
        raise KeyError(f"unknown KPI {kpi_id!r}; known: {', '.join(BY_ID)}") from None
