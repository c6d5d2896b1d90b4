"""The canonical data model: ten tables, their keys and dtypes (docs/architecture.md).

Every connector produces these tables; every KPI reads only these. `check_frame`
says, in plain words, what keeps a frame from being a valid table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

# Bumped whenever tables or their meaning change: older snapshots are then read again.
SCHEMA_VERSION = 3

# Rows whose launch cannot be determined are kept under this id, never dropped.
UNASSIGNED = "(unassigned)"

Str = pl.String()
# A low-cardinality text column (a launch, channel, campaign, region, owner, currency …),
# held dictionary-encoded: 4 bytes a row instead of a 16-byte view per value, one copy
# of each distinct text (docs/architecture.md, "Memory"). Declared here, in the tables,
# so every reader's output, the combined tables and the prepared facts share the
# encoding; a column name has one dtype in every table, so joins on it agree.
Code = pl.Categorical()
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

    def conform(self, frame: pl.DataFrame) -> pl.DataFrame:
        """`frame`'s columns in the table's order, text columns encoded as declared.

        A frame from a reader is encoded already (the cast is then free); one built by
        hand or by another tool (plain text) is encoded here, so every table the engine
        joins holds its keys in one dtype.
        """
        schema = frame.schema  # built once: each `frame.schema` is a call into polars
        recode = {
            name: dtype
            for name, dtype in self.columns.items()
            if dtype == Code and schema.get(name) != dtype
        }
        if not recode and list(schema) == list(self.columns):
            return frame  # conformed already (a snapshot, a reader's output): no new frame
        frame = frame.select(list(self.columns))
        return frame.cast(recode) if recode else frame  # type: ignore[arg-type]


LAUNCHES = Table(
    "launches",
    key=("launch_id",),
    columns={
        "launch_id": Code,
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
        "launch_id": Code,
        "channel": Code,
        "campaign": Code,
        "platform": Code,
        "region": Code,
        "spend": Money,
        "impressions": Count,
        "clicks": Count,
        "conversions": pl.Float64(),
        "conversion_value": Money,
        "currency": Code,
        # The vendor's own campaign type (Google Ads: Search, Performance Max …), kept
        # beside the channel it maps to.
        "campaign_type": Code,
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
        "launch_id": Code,
        "channel": Code,
        "campaign": Code,
        "region": Code,
        "segment": Code,
        "owner": Code,
        "event": Code,
        "mql_at": Stamp,
        "accepted_at": Stamp,
        "rejected_at": Stamp,
        "reject_reason": Code,
        "first_touch_at": Stamp,
        "sql_at": Stamp,
        "won_at": Stamp,
        "lost_at": Stamp,
        # The vendor's own source value as exported (HubSpot Original Source, Salesforce
        # Lead Source, Olist origin); `channel` is what it maps to.
        "origin": Code,
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
        "launch_id": Code,
        "created_at": Stamp,
        "closed_at": Stamp,
        "stage": Code,
        "is_won": pl.Boolean(),
        "amount": Money,
        "currency": Code,
        "owner": Code,
        "region": Code,
        "source": Code,
        # The vendor's own source value (Salesforce Lead Source, HubSpot Original Source
        # Type); `source` (marketing, sales, partner, other) is derived from it.
        "origin": Code,
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
        "launch_id": Code,
        "sku": Code,
        "channel": Code,
        "region": Code,
        "customer_id": Str,
        "units": Count,
        "revenue": Money,
        "currency": Code,
    },
    required=("order_id", "date", "launch_id", "revenue"),
)

TARGETS = Table(
    "targets",
    key=("period_start", "kpi", "launch_id"),
    columns={
        "period_start": Date,
        "period_end": Date,
        "launch_id": Code,
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
        "launch_id": Code,
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
        "launch_id": Code,
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
        "channel": Code,
    },
    required=("rule", "applies_to", "match", "pattern", "channel"),
)

# Exchange rates: one unit of `currency` is worth `rate` units of the reporting currency
# from `date` on (until the currency's next row).
FX_RATES = Table(
    "fx_rates",
    key=("date", "currency"),
    columns={"date": Date, "currency": Code, "rate": pl.Float64()},
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


def key_expr(key: Sequence[str]) -> pl.Expr:
    return pl.col(key[0]) if len(key) == 1 else pl.struct(list(key))


def all_unique(frame: pl.DataFrame, key: Sequence[str]) -> bool:
    """Whether no two rows of `frame` share a key.

    Distinct 64-bit hashes of the keys prove it: counting them takes a fraction of the
    time and memory of counting distinct strings (20M order ids: gigabytes). Two keys
    with one hash (rare) are settled exactly.
    """
    hashes = frame.select(key_expr(key).hash(seed=0).n_unique()).item()
    if hashes == frame.height:
        return True
    return bool(frame.select(key_expr(key).n_unique()).item() == frame.height)


def _key_problems(spec: Table, frame: pl.DataFrame) -> list[str]:
    if all_unique(frame, spec.key):
        return []
    duplicated = frame.height - frame.select(key_expr(spec.key).n_unique()).item()
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
