"""Olist 'Marketing Funnel' files: MQLs into leads, closed deals into deals (and won leads).

Every row of the MQL file is a marketing-qualified lead, so `mql_at` is its first
contact. The closed-deal file lists won deals only and gives no creation date and no
amount (`declared_monthly_revenue` is a 0.0 placeholder), which the health record says.
The accepted/SQL stages are not in the data and stay empty rather than invented.
"""

from __future__ import annotations

from connectors.errors import CellError
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.channels import ChannelReader
from connectors.formats.mapping import Record, build_table, field, find
from connectors.formats.vocabulary import vocabulary
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

VOCABULARY = vocabulary("olist")
_V = VOCABULARY.names

MQL_FIELDS = (
    field("lead_id", *_V("mql_id"), kind="id"),
    field("created_at", *_V("first_contact"), kind="stamp"),
    field("origin", *_V("origin")),
    field("campaign", *_V("landing_page")),
)

DEAL_FIELDS = (
    field("deal_id", *_V("mql_id"), kind="id"),
    field("lead_id", *_V("mql_id"), kind="id"),
    field("closed_at", *_V("won_date"), kind="stamp"),
    field("owner", *_V("sr_id")),
    field("source", default="marketing"),
    field("stage", default="won"),
    field("is_won", default=True, kind="bool"),
)


def _deal(record: Record) -> None:
    if record["closed_at"] is None:
        raise CellError("no won date: a closed deal needs one", "won_date")
    record["created_at"] = record["closed_at"]


def read_mqls(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    channels = ChannelReader(VOCABULARY, raw, "origin")

    def derive(record: Record) -> None:
        record["mql_at"] = record["created_at"]
        record["channel"] = channels.channel(record["origin"])

    leads = build_table(raw, "leads", MQL_FIELDS, health, derive=derive)
    channels.report(health, raw.file)
    return {"leads": leads}


def read_deals(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    # declared_monthly_revenue is looked at, and reported below, not silently left out.
    used = ("declared_monthly_revenue",)
    deals = build_table(raw, "deals", DEAL_FIELDS, health, derive=_deal, also_uses=used)
    health.warn(
        f"{raw.file}: the closed-deal file has no creation date; created_at is the won date, "
        "so sales-cycle time is not known for these deals"
    )
    if find(raw, "declared_monthly_revenue") is not None:
        health.warn(
            f"{raw.file}: declared_monthly_revenue is a placeholder (mostly 0.0), "
            "not a deal amount; amounts left empty"
        )
    return {"deals": deals}


ADAPTERS = (
    Adapter(
        "olist_mql",
        "Olist marketing-qualified leads (mql_id, first_contact_date, origin)",
        ("leads",),
        ("mql_id", "first_contact_date"),
        read_mqls,
    ),
    Adapter(
        "olist_closed_deals",
        "Olist closed deals (mql_id, won_date)",
        ("deals",),
        ("mql_id", "won_date"),
        read_deals,
    ),
)
