"""A tiny hand-made data set whose every KPI is worked out by hand below.

The view is March 2025 (compared with the previous 31 days, 29 Jan to 28 Feb).
The data's last day is 31 March, so "now" (as of) is 1 April 00:00.

Leads (H = hour of the day):
  A  L1 paid_social EU  created 2 Mar, MQL 2 Mar 10H, touched 12H (2 h), accepted, SQL, won
  B  L1 paid_search US  event lead; MQL 3 Mar 9H, touched 5 Mar 9H (48 h, late), rejected
  C  L2 paid_social EU  MQL 10 Mar, never touched: unworked (deadline 11 Mar passed)
  D  L1 no channel  US  event lead; MQL 31 Mar 12H, not touched, deadline not passed yet
  E  L2 paid_social EU  created 15 Mar, never an MQL
  H  L1 paid_search US  created 20 Mar, never an MQL
  F  L1 paid_social EU  created 20 Feb; MQL 1 Mar 10H, touched 20H (10 h), accepted, SQL
  G  L1 paid_social EU  created and MQL 10 Feb, touched after 1 h, rejected (no reason)
Deals:
  D1 lead A  L1 marketing created 5 Mar, won 20 Mar, 1000 (15 days)
  D2 no lead L2 sales     created 1 Mar, won 11 Mar 12H, 3000 (10.5 days)
  D3 lead F  L1 marketing created 4 Mar, open, 2000
  D4 no lead L1 partner   created 1 Feb, lost 15 Mar, 500
  D5 lead E  L2 marketing created 10 Mar, won 12 Mar (before lead E existed), 400 (2 days)
  D6 no lead L2 other     created 15 Feb, open, 700
Orders: K1 first bought in February; K2 and K3 are new in March; one order has no customer.
Spend: 100 + 300 in March for L1, one zero-spend row for L2, 50 in February.
Targets: revenue 3100 per launch for March.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import polars as pl

from contract.dataset import Dataset
from contract.schema import DEALS, LAUNCHES, LEADS, ORDERS, SPEND, TARGETS, Table
from kpi.filters import Filters
from kpi.model import Model, prepare

MARCH = Filters(start=date(2025, 3, 1), end=date(2025, 3, 31))


def at(day: int, hour: int = 0, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour)


def frame(spec: Table, rows: list[Mapping[str, Any]]) -> pl.DataFrame:
    """Rows given as dicts; columns not given are null."""
    return pl.DataFrame(
        [{name: row.get(name) for name in spec.columns} for row in rows],
        schema=spec.schema,
        orient="row",
    )


def lead(lead_id: str, launch: str, created: datetime, **stages: Any) -> dict[str, Any]:
    return {"lead_id": lead_id, "launch_id": launch, "created_at": created, **stages}


LAUNCH_ROWS = [
    {"launch_id": "L1", "name": "Launch one", "launch_date": date(2025, 3, 10)},
    {"launch_id": "L2", "name": "Launch two", "launch_date": date(2025, 1, 15)},
]

SPEND_ROWS = [
    {"date": date(2025, 3, 5), "launch_id": "L1", "channel": "paid_social", "campaign": "c1",
     "region": "EU", "spend": 100.0, "impressions": 1000, "clicks": 20,
     "conversion_value": 300.0},
    {"date": date(2025, 3, 20), "launch_id": "L1", "channel": "paid_search", "campaign": "c2",
     "region": "US", "spend": 300.0, "impressions": 3000, "clicks": 30,
     "conversion_value": 500.0},
    {"date": date(2025, 3, 25), "launch_id": "L2", "channel": "paid_social", "campaign": "c3",
     "region": "EU", "spend": 0.0, "impressions": 0, "clicks": 0, "conversion_value": 0.0},
    {"date": date(2025, 2, 10), "launch_id": "L1", "channel": "paid_social", "campaign": "c1",
     "region": "EU", "spend": 50.0, "impressions": 500, "clicks": 5,
     "conversion_value": 100.0},
]  # fmt: skip

EU_ANN = {"region": "EU", "segment": "salon", "owner": "Ann"}
US_BOB = {"region": "US", "segment": "spa", "owner": "Bob"}

LEAD_ROWS = [
    lead("A", "L1", at(2, 9), channel="paid_social", **EU_ANN, mql_at=at(2, 10),
         first_touch_at=at(2, 12), accepted_at=at(3), sql_at=at(5), won_at=at(20)),
    lead("B", "L1", at(3, 9), channel="paid_search", **US_BOB, event="Expo",
         mql_at=at(3, 9), first_touch_at=at(5, 9), rejected_at=at(6),
         reject_reason="No budget"),
    lead("C", "L2", at(10, 8), channel="paid_social", **EU_ANN, mql_at=at(10, 8)),
    lead("D", "L1", at(31, 12), **US_BOB, event="Expo", mql_at=at(31, 12)),
    lead("E", "L2", at(15, 10), channel="paid_social", **EU_ANN),
    lead("H", "L1", at(20, 10), channel="paid_search", **US_BOB),
    lead("F", "L1", at(20, 10, month=2), channel="paid_social", **EU_ANN, mql_at=at(1, 10),
         first_touch_at=at(1, 20), accepted_at=at(2), sql_at=at(4)),
    lead("G", "L1", at(10, 9, month=2), channel="paid_social", **EU_ANN,
         mql_at=at(10, 12, month=2), first_touch_at=at(10, 13, month=2),
         rejected_at=at(11, month=2)),
]  # fmt: skip


def deal(
    deal_id: str, lead_id: str | None, launch: str, source: str, **rest: Any
) -> dict[str, Any]:
    return {"deal_id": deal_id, "lead_id": lead_id, "launch_id": launch, "source": source, **rest}


DEAL_ROWS = [
    deal("D1", "A", "L1", "marketing", created_at=at(5), closed_at=at(20), is_won=True,
         amount=1000.0, owner="Ann", region="EU"),
    deal("D2", None, "L2", "sales", created_at=at(1), closed_at=at(11, 12), is_won=True,
         amount=3000.0, owner="Bob", region="US"),
    deal("D3", "F", "L1", "marketing", created_at=at(4), amount=2000.0, owner="Ann",
         region="EU"),
    deal("D4", None, "L1", "partner", created_at=at(1, month=2), closed_at=at(15),
         is_won=False, amount=500.0, owner="Bob", region="US"),
    deal("D5", "E", "L2", "marketing", created_at=at(10), closed_at=at(12), is_won=True,
         amount=400.0, owner="Ann", region="EU"),
    deal("D6", None, "L2", "other", created_at=at(15, month=2), amount=700.0, owner="Bob",
         region="US"),
]  # fmt: skip


def order(
    order_id: str, day: date, launch: str, channel: str, region: str, customer: str | None,
    units: int, revenue: float,
) -> dict[str, Any]:  # fmt: skip
    return {
        "order_id": order_id, "date": day, "launch_id": launch, "sku": "S", "channel": channel,
        "region": region, "customer_id": customer, "units": units, "revenue": revenue,
    }  # fmt: skip


ORDER_ROWS = [
    order("O1", date(2025, 2, 20), "L1", "dtc", "EU", "K1", 1, 50.0),
    order("O2", date(2025, 3, 2), "L1", "dtc", "EU", "K1", 2, 100.0),
    order("O3", date(2025, 3, 5), "L2", "retail", "US", "K2", 3, 200.0),
    order("O4", date(2025, 3, 31), "L2", "pro", "EU", "K2", 1, 80.0),
    order("O5", date(2025, 3, 10), "L1", "dtc", "EU", None, 1, 20.0),
    order("O6", date(2025, 3, 12), "L1", "dtc", "US", "K3", 4, 150.0),
]

TARGET_ROWS = [
    {"period_start": date(2025, 3, 1), "period_end": date(2025, 3, 31), "launch_id": launch,
     "kpi": "revenue", "target": 3100.0}
    for launch in ("L1", "L2")
]  # fmt: skip


def fixture_frames() -> dict[str, pl.DataFrame]:
    return {
        "launches": frame(LAUNCHES, LAUNCH_ROWS),
        "spend": frame(SPEND, SPEND_ROWS),
        "leads": frame(LEADS, LEAD_ROWS),
        "deals": frame(DEALS, DEAL_ROWS),
        "orders": frame(ORDERS, ORDER_ROWS),
        "targets": frame(TARGETS, TARGET_ROWS),
    }


def fixture_model(**replaced: pl.DataFrame) -> Model:
    return prepare(Dataset.from_frames({**fixture_frames(), **replaced}))


# Every KPI of the catalog for MARCH, worked out by hand from the rows above.
EXPECTED_MARCH: dict[str, float | None] = {
    "spend": 400.0,
    "impressions": 4000.0,
    "clicks": 50.0,
    "ctr": 50 / 4000,
    "leads": 6.0,  # A B C D E H
    "mqls": 5.0,  # A B C D F (F was created in February)
    "cost_per_lead": 400 / 6,
    "cost_per_mql": 400 / 5,
    "roas": 800 / 400,
    "marketing_sourced_pipeline": 1000 + 2000 + 400,  # D1 D3 D5
    "marketing_sourced_revenue": 1000 + 400,  # D1 D5
    "accepted_leads": 2.0,  # A F
    "sqls": 2.0,  # A F
    "deals_created": 4.0,  # D1 D2 D3 D5
    "pipeline_value": 2000 + 700,  # D3 D6 open at 31 March's end
    "won_deals": 3.0,  # D1 D2 D5
    "won_revenue": 1000 + 3000 + 400,
    "win_rate": 3 / 4,  # D4 lost
    "avg_deal_size": 4400 / 3,
    "sales_cycle_days": 10.5,  # median of 15, 10.5, 2
    "order_revenue": 100 + 200 + 80 + 20 + 150,
    "units": 2 + 3 + 1 + 1 + 4,
    "customers": 3.0,  # K1 K2 K3; the order without customer is not one
    "acceptance_rate": 2 / 3,  # A F accepted, B rejected; C D undecided
    "speed_to_lead_hours": 10.0,  # median of 2, 48, 10
    "sla_met_rate": 2 / 4,  # A F met; B late; C overdue; D not due yet
    "unworked_mqls": 1.0,  # C
    "mql_to_sql_rate": 2 / 5,
    "mql_to_won_rate": 1 / 5,  # A
    "marketing_sourced_share": 3400 / 6400,
    "revenue": 4400 + 550,
    "target_attainment": 4950 / 6200,
    "cac": 400 / 2,  # K2 K3 are new customers
    "event_followup_rate": 0 / 1,  # B late; D not due yet
}
