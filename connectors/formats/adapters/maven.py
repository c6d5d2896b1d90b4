"""Maven Analytics 'CRM Sales Opportunities': the pipeline into deals; its lookup files.

Opportunities still in Prospecting have no engage date by design; a deal needs a
creation date, so those rows are refused with that reason (traced, not dropped).
The lookup files (accounts, products, sales teams) hold no canonical rows; the sales
team file gives each agent's regional office, used for deal regions in a folder read.
"""

from __future__ import annotations

import polars as pl

from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.mapping import Record, build_table, field, find
from connectors.formats.values import text
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

PIPELINE_FIELDS = (
    field("deal_id", "opportunity_id", kind="id"),
    field("owner", "sales_agent"),
    field("stage", "deal_stage"),
    field("created_at", "engage_date", kind="stamp"),
    field("closed_at", "close_date", kind="stamp"),
    field("amount", "close_value", kind="money"),
    field("source", default="other"),
)

# Lookup frames travel beside the canonical tables under this name
# (see connectors/sources/kinds/folder.py).
OWNER_REGIONS = "_owner_regions"


def _deal(record: Record) -> None:
    stage = (record["stage"] or "").lower()
    record["is_won"] = {"won": True, "lost": False}.get(stage)
    if record["is_won"] is None:
        record["closed_at"] = None  # an open deal's close date is only a forecast


def read_pipeline(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    deals = build_table(raw, "deals", PIPELINE_FIELDS, health, derive=_deal)
    health.warn(f"{raw.file}: no lead source in the pipeline; deals marked source 'other'")
    return {"deals": deals}


def read_teams(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    agent, office = find(raw, "sales_agent"), find(raw, "regional_office")
    assert agent is not None and office is not None  # guaranteed by the adapter's headers
    pairs = [(text(r[agent]), text(r[office])) for r in raw.rows if len(r) > max(agent, office)]
    health.warn(f"{raw.file}: lookup file (sales agent → regional office), no rows to load")
    frame = pl.DataFrame(pairs, schema={"owner": pl.String, "region": pl.String}, orient="row")
    return {OWNER_REGIONS: frame}


def read_lookup(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    health.warn(f"{raw.file}: lookup file with no canonical rows; nothing to load")
    return {}


ADAPTERS = (
    Adapter(
        "maven_pipeline",
        "Maven CRM sales_pipeline (opportunity_id, sales_agent, deal_stage)",
        ("deals",),
        ("opportunity_id", "sales_agent", "deal_stage"),
        read_pipeline,
    ),
    Adapter(
        "maven_sales_teams",
        "Maven CRM sales_teams lookup",
        (),
        ("sales_agent", "manager", "regional_office"),
        read_teams,
    ),
    Adapter(
        "maven_accounts",
        "Maven CRM accounts lookup",
        (),
        ("account", "sector", "year_established"),
        read_lookup,
    ),
    Adapter(
        "maven_products",
        "Maven CRM products lookup",
        (),
        ("product", "series", "sales_price"),
        read_lookup,
    ),
)
