"""The canonical data model: ten tables, their keys and dtypes (docs/architecture.md).

Every connector produces these tables; every KPI reads only these. `check_frame`
says, in plain words, what keeps a frame from being a valid table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

# Bumped whenever tables or their meaning change: older snapshots are then read again.
SCHEMA_VERSION = 2

# Rows whose launch cannot be determined are kept under this id, never dropped.
UNASSIGNED = "(unassigned)"

Str = pl.String()
Date = pl.Date()
Stamp = pl.Datetime("us")
Money = pl.Float64()
Count = pl.Int64()
Flag = pl.Boolean()

# The one marketing-channel vocabulary (docs/architecture.md, "Channels"): every vendor's
# source and campaign-type values map to these ids, and the channel filter offers them.
CHANNELS = (
    "paid_search",
    "paid_social",
    "display",
    "video",
    "email",
    "organic_search",
    "organic_social",
    "referral",
    "affiliate",
    "influencer",
    "events",
    "direct",
    "other",
)
# A record whose source maps to "other" is never counted as marketing-sourced.
OTHER_CHANNEL = "other"


@dataclass(frozen=True)
class Table:
    """One canonical table: its name, key columns, and columns with dtypes."""

    name: str
    key: tuple[str, ...]
    columns: Mapping[str, pl.DataType]
    required: tuple[str, ...]  # columns that may never be null

    @property
    def schema(self) -> pl.Schema:
        return pl.Schema(dict(self.columns))

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)


LAUNCHES = Table(
    "launches",
    key=("launch_id",),
    columns={
        "launch_id": Str,
        "name": Str,
        "brand": Str,
        "category": Str,
        "launch_date": Date,
        "end_date": Date,
        "target_audience": Str,
        "regions": Str,
        "channels": Str,
        "marketing_owner": Str,
        "sales_owner": Str,
        "brief": Str,
    },
    required=("launch_id", "name", "launch_date"),
)

SPEND = Table(
    "spend",
    key=("date", "campaign", "channel"),
    columns={
        "date": Date,
        "launch_id": Str,
        "channel": Str,
        "campaign": Str,
        "platform": Str,
        "region": Str,
        "spend": Money,
        "impressions": Count,
        "clicks": Count,
        "conversions": pl.Float64(),
        "conversion_value": Money,
        "currency": Str,
        # The vendor's own campaign type (Google Ads: Search, Performance Max …), kept
        # beside the channel it maps to.
        "campaign_type": Str,
        # True when the export gave one amount for several days and Tandem spread it
        # evenly over them: the row's day is an estimate (its total over the days is not).
        "estimated": Flag,
    },
    required=("date", "launch_id", "channel", "campaign", "spend"),
)

LEAD_STAGES = (
    "mql_at",
    "accepted_at",
    "rejected_at",
    "first_touch_at",
    "sql_at",
    "won_at",
    "lost_at",
)

LEADS = Table(
    "leads",
    key=("lead_id",),
    columns={
        "lead_id": Str,
        "created_at": Stamp,
        "launch_id": Str,
        "channel": Str,
        "campaign": Str,
        "region": Str,
        "segment": Str,
        "owner": Str,
        "event": Str,
        "mql_at": Stamp,
        "accepted_at": Stamp,
        "rejected_at": Stamp,
        "reject_reason": Str,
        "first_touch_at": Stamp,
        "sql_at": Stamp,
        "won_at": Stamp,
        "lost_at": Stamp,
        # The vendor's own source value as exported (HubSpot Original Source, Salesforce
        # Lead Source, Olist origin); `channel` is what it maps to.
        "origin": Str,
    },
    required=("lead_id", "created_at", "launch_id"),
)

DEAL_SOURCES = ("marketing", "sales", "partner", "other")

DEALS = Table(
    "deals",
    key=("deal_id",),
    columns={
        "deal_id": Str,
        "lead_id": Str,
        "launch_id": Str,
        "created_at": Stamp,
        "closed_at": Stamp,
        "stage": Str,
        "is_won": pl.Boolean(),
        "amount": Money,
        "currency": Str,
        "owner": Str,
        "region": Str,
        "source": Str,
        # The vendor's own source value (Salesforce Lead Source, HubSpot Original Source
        # Type); `source` (marketing, sales, partner, other) is derived from it.
        "origin": Str,
    },
    required=("deal_id", "launch_id", "created_at", "source"),
)

ORDER_CHANNELS = ("dtc", "retail", "pro")

ORDERS = Table(
    "orders",
    key=("order_id",),
    columns={
        "order_id": Str,
        "date": Date,
        "launch_id": Str,
        "sku": Str,
        "channel": Str,
        "region": Str,
        "customer_id": Str,
        "units": Count,
        "revenue": Money,
        "currency": Str,
    },
    required=("order_id", "date", "launch_id", "revenue"),
)

TARGETS = Table(
    "targets",
    key=("period_start", "kpi", "launch_id"),
    columns={
        "period_start": Date,
        "period_end": Date,
        "launch_id": Str,
        "kpi": Str,
        "target": pl.Float64(),
    },
    required=("period_start", "period_end", "kpi", "target"),
)

EVENT_KINDS = ("launch_event", "campaign", "pr", "stockout", "price_change", "other")

EVENTS = Table(
    "events",
    key=("date", "title"),
    columns={
        "date": Date,
        "end_date": Date,
        "launch_id": Str,
        "kind": Str,
        "title": Str,
        "notes": Str,
    },
    required=("date", "kind", "title"),
)

LAUNCH_RULES = Table(
    "launch_rules",
    key=("rule",),
    columns={
        "rule": Str,
        "applies_to": Str,
        "match": Str,
        "pattern": Str,
        "launch_id": Str,
    },
    required=("rule", "applies_to", "match", "pattern", "launch_id"),
)

# The data owner's own channel vocabulary: where `applies_to` matches `pattern`, the
# channel is `channel` (connectors/sources/rules.py applies it, as it does launch rules).
CHANNEL_RULES = Table(
    "channel_rules",
    key=("rule",),
    columns={
        "rule": Str,
        "applies_to": Str,
        "match": Str,
        "pattern": Str,
        "channel": Str,
    },
    required=("rule", "applies_to", "match", "pattern", "channel"),
)

# Exchange rates: one unit of `currency` is worth `rate` units of the reporting currency
# from `date` on (until the currency's next row).
FX_RATES = Table(
    "fx_rates",
    key=("date", "currency"),
    columns={"date": Date, "currency": Str, "rate": pl.Float64()},
    required=("date", "currency", "rate"),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        LAUNCHES,
        SPEND,
        LEADS,
        DEALS,
        ORDERS,
        TARGETS,
        EVENTS,
        LAUNCH_RULES,
        CHANNEL_RULES,
        FX_RATES,
    )
}

RULE_MATCHES = ("exact", "prefix", "contains", "regex")

# Allowed values of the few categorical columns, checked by `check_frame`.
ALLOWED_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("deals", "source"): DEAL_SOURCES,
    ("orders", "channel"): ORDER_CHANNELS,
    ("events", "kind"): EVENT_KINDS,
    ("launch_rules", "match"): RULE_MATCHES,
    ("channel_rules", "match"): RULE_MATCHES,
    ("channel_rules", "channel"): CHANNELS,
    ("spend", "channel"): CHANNELS,
    ("leads", "channel"): CHANNELS,
}


def check_frame(table: str, frame: pl.DataFrame) -> list[str]:
    """Everything that keeps `frame` from being a valid `table`, in plain words.

    An empty list means the frame is valid: every column present with its dtype,
    no extra columns, no nulls in required columns, no duplicate keys, and
    categorical columns within their allowed values.
    """
    spec = TABLES.get(table)
    if spec is None:
        return [f"'{table}' is not a canonical table (expected one of: {', '.join(TABLES)})"]
    problems = _column_problems(spec, frame)
    if problems:
        return problems
    return _null_problems(spec, frame) + _key_problems(spec, frame) + _value_problems(spec, frame)


def _column_problems(spec: Table, frame: pl.DataFrame) -> list[str]:
    problems: list[str] = []
    for name, dtype in spec.columns.items():
        if name not in frame.columns:
            problems.append(f"{spec.name}: column '{name}' is missing")
        elif frame.schema[name] != dtype:
            problems.append(
                f"{spec.name}: column '{name}' should be {dtype} but is {frame.schema[name]}"
            )
    extra = [c for c in frame.columns if c not in spec.columns]
    if extra:
        problems.append(f"{spec.name}: unexpected column(s) {', '.join(extra)}")
    return problems


def _null_problems(spec: Table, frame: pl.DataFrame) -> list[str]:
    nulls = frame.select(pl.col(list(spec.required)).null_count()).row(0, named=True)
    return [
        f"{spec.name}: {count} row(s) have no '{name}', which is required"
        for name, count in nulls.items()
        if count
    ]


def _key_problems(spec: Table, frame: pl.DataFrame) -> list[str]:
    duplicated = frame.height - frame.select(pl.struct(list(spec.key)).n_unique()).item()
    if duplicated:
        key = ", ".join(spec.key)
        return [f"{spec.name}: {duplicated} row(s) repeat a key ({key}) already seen"]
    return []


def _value_problems(spec: Table, frame: pl.DataFrame) -> list[str]:
    problems: list[str] = []
    for (table, column), allowed in ALLOWED_VALUES.items():
        if table != spec.name:
            continue
        bad = frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed))
        if bad.height:
            seen = ", ".join(sorted(set(bad[column].head(5).to_list())))
            problems.append(
                f"{spec.name}: column '{column}' has {bad.height} value(s) outside "
                f"{', '.join(allowed)} (e.g. {seen})"
            )
    return problems
