"""HubSpot CRM exports: contacts into leads, deals into deals.

HubSpot writes either display labels (`Create Date`, `Became a Marketing Qualified
Lead Date`, `Closed Won`) or internal names (`createdate`,
`hs_lifecyclestage_marketingqualifiedlead_date`, `closedwon`), depending on the export;
both are accepted, and source labels and ids become one channel id (`Paid Social` and
`PAID_SOCIAL` → `paid_social`).
"""

from __future__ import annotations

from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.mapping import Record, build_table, field
from connectors.formats.values import snake
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

CONTACT_FIELDS = (
    field("lead_id", "record id", "hs_object_id", "contact id", kind="id"),
    field("created_at", "create date", "createdate", kind="stamp"),
    field(
        "mql_at",
        "became a marketing qualified lead date",
        "hs_lifecyclestage_marketingqualifiedlead_date",
        kind="stamp",
    ),
    field(
        "sql_at",
        "became a sales qualified lead date",
        "hs_lifecyclestage_salesqualifiedlead_date",
        kind="stamp",
    ),
    field("won_at", "became a customer date", "hs_lifecyclestage_customer_date", kind="stamp"),
    field(
        "first_touch_at",
        "date of first engagement",
        "hs_sa_first_engagement_date",
        "first contact date",
        kind="stamp",
    ),
    field("channel", "original source", "original traffic source", "hs_analytics_source"),
    field("campaign", "utm campaign", "original source drill-down 2", "hs_analytics_source_data_2"),
    field("owner", "contact owner", "hubspot_owner_id"),
    field("region", "country/region", "country"),
    field("segment", "industry", "persona", "hs_persona"),
    field("_stage", "lifecycle stage", "lifecyclestage"),
)

# Lifecycle stages in order, by internal id; labels ("Marketing Qualified Lead") map here too.
STAGES = (
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "evangelist",
)

DEAL_FIELDS = (
    field("deal_id", "record id", "hs_object_id", "deal id", kind="id"),
    field("created_at", "create date", "createdate", kind="stamp"),
    field("closed_at", "close date", "closedate", kind="stamp"),
    field("stage", "deal stage", "dealstage"),
    field("amount", "amount", "amount in company currency", kind="money"),
    field("currency", "currency", "deal_currency_code"),
    field("owner", "deal owner", "hubspot_owner_id"),
    field("lead_id", "associated contact ids", "associated contact id", "contact id", kind="id"),
)

_WON = {"closedwon", "closed_won"}
_LOST = {"closedlost", "closed_lost"}


def stage_rank(value: str | None) -> int:
    """Position of a lifecycle stage given as label or internal id; -1 when unknown."""
    stage = (snake(value) or "").replace("_", "")
    return STAGES.index(stage) if stage in STAGES else -1


def _contact(record: Record, undated: dict[str, int]) -> None:
    record["channel"] = snake(record["channel"])
    rank = stage_rank(record.pop("_stage"))
    # A stage reached without its date cannot be placed in time; count it, do not invent it.
    if rank >= STAGES.index("marketingqualifiedlead") and record["mql_at"] is None:
        undated["Marketing Qualified Lead"] += 1
    if rank >= STAGES.index("customer") and record["won_at"] is None:
        undated["Customer"] += 1


def _deal(record: Record) -> None:
    stage = (snake(record["stage"]) or "").replace("_", "")
    record["is_won"] = True if stage in _WON else False if stage in _LOST else None
    if record["is_won"] is None:
        record["closed_at"] = None  # an open deal's close date is a forecast, not a close
    lead = record["lead_id"]
    if lead is not None and ";" in lead:
        record["lead_id"] = lead.split(";")[0].strip()  # the first associated contact
    # HubSpot deals carry no source of their own: a deal tied to a contact is counted as
    # marketing-sourced, one without as sales-sourced (contract/schema.py: null lead = sales).
    record["source"] = "marketing" if record["lead_id"] else "sales"


def read_contacts(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    undated = {"Marketing Qualified Lead": 0, "Customer": 0}
    leads = build_table(raw, "leads", CONTACT_FIELDS, health, derive=lambda r: _contact(r, undated))
    for stage, count in undated.items():
        if count:
            health.warn(
                f"{raw.file}: {count} contact(s) at lifecycle stage {stage} or later have no "
                f"'Became a {stage} Date'; when they got there is unknown, so they are not "
                "counted at that stage"
            )
    return {"leads": leads}


def read_deals(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    deals = build_table(raw, "deals", DEAL_FIELDS, health, derive=_deal)
    health.warn(f"{raw.file}: deals with an associated contact are counted as marketing-sourced")
    return {"deals": deals}


ADAPTERS = (
    Adapter(
        "hubspot_contacts",
        "HubSpot contacts export (Record ID, Create Date, Lifecycle Stage / Became a … Date)",
        ("leads",),
        ("record id|hs_object_id", "create date|createdate"),
        read_contacts,
        any_of=("lifecycle stage", "lifecyclestage", "became a*", "hs_lifecyclestage*"),
    ),
    Adapter(
        "hubspot_deals",
        "HubSpot deals export (Record ID, Deal Name, Deal Stage, Create Date)",
        ("deals",),
        ("record id|hs_object_id", "deal name|dealname", "deal stage|dealstage"),
        read_deals,
    ),
)
