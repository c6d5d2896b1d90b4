"""Shared KPIs: the hand-off between the teams and the one revenue target.

Conversion rates follow a cohort: of the MQLs created in the period, the share
that reached the stage so far (a later stage can come after the period).
"""

from __future__ import annotations

from kpi.definition import Kpi
from kpi.fact_measures import (
    COHORT_ACCEPTED,
    COHORT_DECIDED,
    COHORT_SQL,
    COHORT_WON,
    EVENT_DUE,
    EVENT_FOLLOWED_UP,
    MARKETING_PIPELINE,
    MQLS,
    NEW_CUSTOMERS,
    ORDER_REVENUE,
    PIPELINE_CREATED,
    SLA_DUE,
    SLA_MET,
    SPEED_TO_LEAD,
    SPEND,
    UNWORKED,
    WON_REVENUE,
)

COHORT = "Cohort: of the MQLs created in the period, "

SHARED: tuple[Kpi, ...] = (
    Kpi(
        id="acceptance_rate",
        label="Acceptance rate",
        department="shared",
        unit="ratio",
        better="up",
        definition=COHORT + "the share sales accepted, of those accepted or rejected so far; "
        "none when the data records no rejection at all.",
        numerator=(COHORT_ACCEPTED,),
        denominator=(COHORT_DECIDED,),
    ),
    Kpi(
        id="speed_to_lead_hours",
        label="Speed to lead",
        department="shared",
        unit="hours",
        better="down",
        definition=(
            "Median hours from MQL to first sales touch, for the period's MQLs that were touched."
        ),
        numerator=(SPEED_TO_LEAD,),
    ),
    Kpi(
        id="sla_met_rate",
        label="Follow-up SLA met",
        department="shared",
        unit="ratio",
        better="up",
        definition=COHORT + "the share touched within the follow-up SLA (24 h unless changed), "
        "of those touched or past their deadline.",
        numerator=(SLA_MET,),
        denominator=(SLA_DUE,),
    ),
    Kpi(
        id="unworked_mqls",
        label="Unworked MQLs",
        department="shared",
        unit="count",
        better="down",
        definition="MQLs of the period with no sales touch, older than the follow-up SLA.",
        numerator=(UNWORKED,),
    ),
    Kpi(
        id="mql_to_sql_rate",
        label="MQL → SQL",
        department="shared",
        unit="ratio",
        better="up",
        definition=COHORT + "the share that became sales-qualified so far.",
        numerator=(COHORT_SQL,),
        denominator=(MQLS,),
    ),
    Kpi(
        id="mql_to_won_rate",
        label="MQL → won",
        department="shared",
        unit="ratio",
        better="up",
        definition=COHORT + "the share that was won so far.",
        numerator=(COHORT_WON,),
        denominator=(MQLS,),
    ),
    Kpi(
        id="marketing_sourced_share",
        label="Marketing-sourced share",
        department="shared",
        unit="ratio",
        better="up",
        definition="Of the pipeline created in the period, the share sourced by marketing; "
        "none when that pipeline nets to zero or below (refunds).",
        numerator=(MARKETING_PIPELINE,),
        denominator=(PIPELINE_CREATED,),
    ),
    Kpi(
        id="revenue",
        label="Revenue",
        department="shared",
        unit="money",
        better="up",
        definition="Won deal revenue plus order revenue: the one revenue both teams own.",
        numerator=(WON_REVENUE, ORDER_REVENUE),
    ),
    Kpi(
        id="target_attainment",
        label="Revenue vs target",
        department="shared",
        unit="ratio",
        better="up",
        definition="Revenue so far divided by the revenue target expected by now "
        "(target prorated by days elapsed).",
        numerator=(WON_REVENUE, ORDER_REVENUE),
        versus_target_of="revenue",
    ),
    Kpi(
        id="cac",
        label="Customer acquisition cost",
        department="shared",
        unit="money",
        better="down",
        definition="Spend per new customer (first order ever placed in the period).",
        numerator=(SPEND,),
        denominator=(NEW_CUSTOMERS,),
    ),
    Kpi(
        id="event_followup_rate",
        label="Event follow-up",
        department="shared",
        unit="ratio",
        better="up",
        definition=COHORT + "those from events: the share touched within the follow-up SLA, "
        "of those touched or past their deadline.",
        numerator=(EVENT_FOLLOWED_UP,),
        denominator=(EVENT_DUE,),
    ),
)
