"""All sources' reads into one set of canonical tables, valid per contract.schema.

What combining finds (repeated keys across sources, deals won before their lead's first
contact, amounts converted or left in their currency) is written into the health record
of the read concerned, so the Data page shows it beside that source.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from contract.schema import TABLES, UNASSIGNED

from connectors.keys import first_per_key
from connectors.sources import currency
from connectors.sources.result import SourceRead
from connectors.sources.rules import MAX_RULES, RULE_TABLES, apply_rules, usable_rules

_READ = "_read"  # which read a row came from, while combining


def combine(
    reads: Sequence[SourceRead], *, reporting_currency: str | None = None
) -> dict[str, pl.DataFrame]:
    """Every canonical table from every read: keys unique, rules applied, amounts in one
    currency where rates allow (`reporting_currency`, else the data's most common)."""
    tables = {name: _stack(name, reads) for name in TABLES}
    target = currency.reporting_currency(tables, reporting_currency)
    tables = currency.convert(tables, target, [r.health for r in reads], _READ)
    for rule_table in RULE_TABLES:
        rules = tables[rule_table.name]
        health = [reads[i].health for i in rules[_READ]]
        usable = usable_rules(rule_table, rules, health, limit=MAX_RULES)
        for name in rule_table.tables:
            tables[name] = apply_rules(tables[name], usable, rule_table, into=name)
    tables["deals"] = _inherit_launch(tables["deals"], tables["leads"])
    tables["leads"] = _won_from_deals(tables["leads"], tables["deals"], reads)
    return {name: tables[name].select(list(spec.columns)) for name, spec in TABLES.items()}


def _stack(name: str, reads: Sequence[SourceRead]) -> pl.DataFrame:
    """One table from every read; a key seen again is dropped with a warning."""
    spec = TABLES[name]
    parts = [
        spec.conform(r.tables[name]).with_columns(pl.lit(i).alias(_READ))
        for i, r in enumerate(reads)
        if name in r.tables
    ]
    if not parts:
        return spec.empty().with_columns(pl.lit(0).alias(_READ))
    stacked = pl.concat(parts, how="vertical")
    if sum(part.height > 0 for part in parts) < 2:
        return stacked  # one read's rows are unique on their key already (read_source)
    kept = first_per_key(stacked, spec.key)
    if kept.height < stacked.height:
        _warn_repeats(name, stacked, kept, reads)
    return kept


def _warn_repeats(
    name: str, stacked: pl.DataFrame, kept: pl.DataFrame, reads: Sequence[SourceRead]
) -> None:
    before = stacked.group_by(_READ).len().sort(_READ)
    after = dict(kept.group_by(_READ).len().iter_rows())
    for i, total in before.iter_rows():
        dropped = total - after.get(i, 0)
        if dropped:
            reads[i].health.warn(
                f"{name}: {dropped} row(s) repeat a key ({', '.join(TABLES[name].key)}) already "
                "read from another source or earlier in this one; the first read was kept"
            )


def _inherit_launch(deals: pl.DataFrame, leads: pl.DataFrame) -> pl.DataFrame:
    """A deal of unknown launch takes its lead's launch: the lead came from a campaign."""
    unknown = deals.filter(pl.col("launch_id") == UNASSIGNED)["lead_id"].drop_nulls()
    if unknown.is_empty():
        return deals
    # Only those deals' leads are looked at: filtering every lead would copy the table.
    asked = pl.col("lead_id").is_in(unknown.implode()) & (pl.col("launch_id") != UNASSIGNED)
    known = leads.filter(asked).select("lead_id", pl.col("launch_id").alias("_lead_launch"))
    # The deals' lead ids alone are joined: joining the deals would copy every column.
    lead_launch = deals.select("lead_id").join(
        known, on="lead_id", how="left", maintain_order="left"
    )
    joined = deals.with_columns(lead_launch["_lead_launch"])
    return joined.with_columns(
        launch_id=pl.when(pl.col("launch_id") == UNASSIGNED)
        .then(pl.coalesce("_lead_launch", "launch_id"))
        .otherwise("launch_id")
    ).drop("_lead_launch")


def _won_from_deals(
    leads: pl.DataFrame, deals: pl.DataFrame, reads: Sequence[SourceRead]
) -> pl.DataFrame:
    """Leads take `won_at` from their earliest won deal when their own source lacks it."""
    won = (
        deals.filter(pl.col("is_won") & pl.col("lead_id").is_not_null())
        .group_by("lead_id")
        .agg(pl.col("closed_at").min().alias("_won"), pl.col(_READ).first().alias("_deal_read"))
    )
    # Looked up by lead id rather than joined: a join would copy every column of the
    # leads, and the app holds one copy of each table (docs/architecture.md, "Memory").
    # Each lead's row in `won`, found once: hashing the ids is the cost here.
    at = leads.select(
        pl.col("lead_id").replace_strict(
            won["lead_id"], pl.int_range(won.height, dtype=pl.UInt32, eager=True), default=None
        )
    ).to_series()
    won_at = won["_won"].gather(at)
    early = won_at < leads["created_at"]
    if early.any():
        found = pl.DataFrame(
            {
                "lead_id": leads["lead_id"].filter(early),
                "_deal_read": won["_deal_read"].gather(at.filter(early)),
            }
        )
        for (i,), group in found.group_by("_deal_read"):
            sample = ", ".join(sorted(group["lead_id"].head(3).to_list()))
            reads[int(i)].health.warn(
                f"{group.height} deal(s) won before the lead's first contact (lead {sample})"
            )
    if not (leads["won_at"].is_null() & won_at.is_not_null()).any():
        return leads  # every lead has its own: a column set anew would be a copy of it
    return leads.with_columns(won_at=pl.coalesce("won_at", won_at))
