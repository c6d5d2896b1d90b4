"""HubSpot CRM exports: contacts into leads, deals into deals (hubspot.toml).

Stage dates come from either layout: the stage calculated properties of customisable
lifecycle stages (`Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"`,
since 2022) or the older `Became a … Date`. A stage reached without its date is counted
and reported, never dated by guess. Sources (`Original Source`, a deal's `Original
Source Type`) map to the one channel vocabulary; a deal is marketing-sourced only when
its own source says so, whatever contact it has.
"""

from __future__ import annotations

from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.channels import ChannelReader
from connectors.formats.mapping import Record, build_table, field
from connectors.formats.vocabulary import value_key, vocabulary
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

VOCABULARY = vocabulary("hubspot")
_V = VOCABULARY.names
STAGES: tuple[str, ...] = tuple(VOCABULARY.data["lifecycle"]["stages"])
_LABELS: dict[str, str] = VOCABULARY.data["lifecycle"]["labels"]

CONTACT_FIELDS = (
    field("lead_id", *_V("contact_id"), kind="id"),
    field("created_at", *_V("created"), kind="stamp"),
    field("mql_at", *_V("mql_at"), kind="stamp"),
    field("sql_at", *_V("sql_at"), kind="stamp"),
    field("won_at", *_V("won_at"), kind="stamp"),
    field("first_touch_at", *_V("first_touch_at"), kind="stamp"),
    field("origin", *_V("original_source")),
    field("campaign", *_V("campaign")),
    field("owner", *_V("contact_owner")),
    field("region", *_V("region")),
    field("segment", *_V("segment")),
    field("_stage", *_V("lifecycle_stage")),
)

DEAL_FIELDS = (
    field("deal_id", *_V("deal_id"), kind="id"),
    field("created_at", *_V("created"), kind="stamp"),
    field("closed_at", *_V("close_date"), kind="stamp"),
    field("stage", *_V("deal_stage")),
    field("amount", *_V("amount"), kind="money"),
    field("currency", *_V("currency")),
    field("owner", *_V("deal_owner")),
    field("lead_id", *_V("contact_ids"), kind="id"),
    field("origin", *_V("original_source_type")),
)

_WON = {"closedwon", "closed_won"}
_LOST = {"closedlost", "closed_lost"}


def stage_rank(value: str | None) -> int:
    """Position of a lifecycle stage given as label or internal id; -1 when unknown."""
    stage = value_key(value).replace("_", "")
    return STAGES.index(stage) if stage in STAGES else -1


def read_contacts(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    undated = dict.fromkeys(_LABELS, 0)
    dated = {"marketingqualifiedlead": "mql_at", "customer": "won_at"}
    channels = ChannelReader(VOCABULARY, raw, "original_source")

    def derive(record: Record) -> None:
        record["channel"] = channels.channel(record["origin"])
        rank = stage_rank(record.pop("_stage"))
        # A stage reached without its date cannot be placed in time; count it.
        for stage, column in dated.items():
            if rank >= STAGES.index(stage) and record[column] is None:
                undated[stage] += 1

    leads = build_table(raw, "leads", CONTACT_FIELDS, health, derive=derive)
    channels.report(health, raw.file, fix=_CONTACTS_FIX)
    for stage, count in undated.items():
        if count:
            label = _LABELS[stage]
            health.warn(
                f"{raw.file}: {count} contact(s) at lifecycle stage {label} or later have no "
                f"date for entering it ('Date entered \"{label} (Lifecycle Stage Pipeline)\"' "
                f"or 'Became a {label} Date'); when they got there is unknown, so they are "
                "not counted at that stage"
            )
    return {"leads": leads}


def read_deals(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    channels = ChannelReader(VOCABULARY, raw, "original_source_type")

    def derive(record: Record) -> None:
        stage = value_key(record["stage"]).replace("_", "")
        record["is_won"] = True if stage in _WON else False if stage in _LOST else None
        if record["is_won"] is None:
            record["closed_at"] = None  # an open deal's close date is a forecast, not a close
        lead = record["lead_id"]
        if lead is not None and ";" in lead:
            record["lead_id"] = lead.split(";")[0].strip()  # the first associated contact
        record["source"] = channels.deal_source(record["origin"])

    deals = build_table(raw, "deals", DEAL_FIELDS, health, derive=derive)
    channels.report(health, raw.file, deals=True, fix=_DEALS_FIX)
    return {"deals": deals}


_DEALS_FIX = (
    "In HubSpot, open Deals, add Deal Stage, Amount, Close Date, Create Date and "
    "Original Source Type with Edit columns, then Export the view."
)
_CONTACTS_FIX = (
    "In HubSpot, open Contacts, add Lifecycle stage, Original Source and the "
    "'Date entered …' stage properties with Edit columns, then Export the view "
    "(or choose to include all properties)."
)

ADAPTERS = (
    Adapter(
        "hubspot_contacts",
        "HubSpot contacts export (Record ID, Create Date, Lifecycle Stage, stage dates)",
        ("leads",),
        (VOCABULARY.alternatives("contact_id"), VOCABULARY.alternatives("created")),
        read_contacts,
        any_of=(
            VOCABULARY.alternatives("lifecycle_stage"),
            "Date entered*",
            "Became a*",
            "hs_lifecyclestage*",
            "hs_v2_date_entered*",
        ),
        fix=_CONTACTS_FIX,
        any_of_label=(
            "Lifecycle Stage and the stage dates ('Date entered \"Marketing Qualified Lead "
            "(Lifecycle Stage Pipeline)\"' … or 'Became a … Date')"
        ),
    ),
    Adapter(
        "hubspot_deals",
        "HubSpot deals export (Record ID, Deal Name, Deal Stage, Create Date)",
        ("deals",),
        (
            VOCABULARY.alternatives("deal_id"),
            VOCABULARY.alternatives("deal_name"),
            VOCABULARY.alternatives("deal_stage"),
        ),
        read_deals,
        fix=_DEALS_FIX,
    ),
)
