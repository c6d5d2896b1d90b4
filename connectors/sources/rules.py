"""The data owner's rule tables, `launch_rules` and `channel_rules`: one engine for both.

A rule says: where column `applies_to` (campaign, sku, origin, or any text column)
matches `pattern` (exact / prefix / contains / regex), the row takes the rule's value.
Matching ignores case, because the same campaign is typed 'SPF Serum' and 'spf serum'.
The first rule in sheet order that matches a row wins.

The cost is linear in the rows (docs/architecture.md, "Rules"): rules are matched
against each column's distinct values, exact rules as one join, the others one pass
each over the values no earlier rule took; one join per column brings the result back
to the rows. A table of more than `MAX_RULES` rules is refused whole, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl
from contract.schema import OTHER_CHANNEL, UNASSIGNED

from connectors.health import DataHealth

# Each non-exact rule is one pass over a column's distinct values: the cap keeps a
# pasted sheet of thousands of rules from tying up the server.
MAX_RULES = 500

_IDX = "_rule"
_VALUE = "_value"
_LOW = "_low"
MATCHED = "_matched"  # the value of the first rule matching each row, else null


@dataclass(frozen=True)
class RuleTable:
    """A rule table: which column of the rules holds the value, and where it applies."""

    name: str
    value: str  # the rules' column holding what a match sets
    tables: tuple[str, ...]  # the data tables it applies to
    eligible: Callable[[], pl.Expr]  # the rows it may change
    apply: Callable[[str], pl.Expr]  # the column(s) a match sets, given the table's name


def _set_launch(table: str) -> pl.Expr:
    return pl.coalesce(MATCHED, "launch_id").alias("launch_id")


def _set_channel(table: str) -> pl.Expr:
    if table != "deals":
        return pl.coalesce(MATCHED, "channel").alias("channel")
    # A deal has no channel of its own: the channel its source maps to says whether
    # marketing brought it. Sales and partner deals, named by the vendor, stay theirs.
    marketing = pl.when(pl.col(MATCHED) == OTHER_CHANNEL).then(pl.lit("other"))
    return (
        pl.when(pl.col(MATCHED).is_not_null() & pl.col("source").is_in(["marketing", "other"]))
        .then(marketing.otherwise(pl.lit("marketing")))
        .otherwise(pl.col("source"))
        .alias("source")
    )


LAUNCH_RULES = RuleTable(
    "launch_rules",
    "launch_id",
    ("spend", "leads", "deals", "orders"),
    eligible=lambda: pl.col("launch_id") == UNASSIGNED,  # a launch from the data is kept
    apply=_set_launch,
)
CHANNEL_RULES = RuleTable(
    "channel_rules",
    "channel",
    ("spend", "leads", "deals"),
    eligible=lambda: pl.lit(True),  # the owner's word over Tandem's vendor vocabularies
    apply=_set_channel,
)
RULE_TABLES = (LAUNCH_RULES, CHANNEL_RULES)


def rule_problem(match: str, pattern: str) -> str | None:
    """Why a rule cannot be used, or None."""
    if match != "regex":
        return None
    try:
        pl.Series([""]).str.contains(pattern)
    except pl.exceptions.PolarsError:
        return f"pattern '{pattern}' is not a valid regular expression"
    return None


def usable_rules(
    table: RuleTable, rules: pl.DataFrame, health: Sequence[DataHealth], *, limit: int | None
) -> pl.DataFrame:
    """The rules that can be applied; each refusal is written into `health`.

    `health` holds the record of the read each rule came from, in the rules' order.
    """
    if limit is not None and rules.height > limit:
        for record in {id(h): h for h in health}.values():
            record.warn(
                f"{table.name}: {rules.height:,} rules, more than the {limit} Tandem applies "
                "(a bound that keeps one pasted sheet from tying up the server); none was "
                "applied. Merge rules that share a prefix or a word into one prefix or "
                "contains rule."
            )
        return rules.clear()
    problems = [rule_problem(m, p) for m, p in rules.select("match", "pattern").iter_rows()]
    for problem, record, rule in zip(problems, health, rules["rule"], strict=True):
        if problem:
            record.warn(f"{table.name[:-1].replace('_', ' ')} '{rule}' ignored: {problem}")
    return rules.filter(pl.Series([p is None for p in problems], dtype=pl.Boolean))


def apply_rules(
    frame: pl.DataFrame,
    rules: pl.DataFrame,
    table: RuleTable = LAUNCH_RULES,
    *,
    into: str = "spend",
) -> pl.DataFrame:
    """`frame` (the data table `into`) with each eligible row set by its first matching rule."""
    if frame.is_empty() or rules.is_empty():
        return frame
    valid = [rule_problem(m, p) is None for m, p in rules.select("match", "pattern").iter_rows()]
    rules = rules.filter(pl.Series(valid, dtype=pl.Boolean))
    matched = first_match(frame, rules, table.value, table.eligible())
    if matched[MATCHED].null_count() == matched.height:
        return frame  # no rule took a row: a column set anew would be a copy of the old
    applied = matched.with_columns(table.apply(into)).drop(MATCHED)
    # A column set from text literals ('marketing') keeps the frame's encoding.
    changed = {n: d for n, d in frame.schema.items() if applied.schema[n] != d}
    return applied.cast(changed) if changed else applied  # type: ignore[arg-type]


def first_match(
    frame: pl.DataFrame, rules: pl.DataFrame, value: str, eligible: pl.Expr
) -> pl.DataFrame:
    """`frame` with MATCHED: the `value` of the first rule (in order) that matches the row."""
    ordered = rules.select("applies_to", "match", "pattern", pl.col(value).alias(_VALUE))
    ordered = ordered.with_row_index(_IDX).filter(pl.col(_VALUE).is_not_null())
    text = {n for n, d in frame.schema.items() if d in (pl.String(), pl.Categorical())}
    columns = [c for c in ordered["applies_to"].unique(maintain_order=True) if c in text]
    # Only the matched columns are joined, and the result is added to `frame` as one
    # column: joining the whole frame would copy every column of it (docs/architecture.md,
    # "Memory").
    rows = frame.select(*columns, _eligible=eligible.fill_null(False))
    firsts: list[str] = []
    for column in columns:
        best = _first_per_value(rows, column, ordered.filter(pl.col("applies_to") == column))
        first = f"_first_{len(firsts)}"
        rows = rows.join(
            best.rename({_IDX: first}), on=column, how="left", maintain_order="left"
        ).with_columns(pl.when("_eligible").then(pl.col(first)).alias(first))
        firsts.append(first)
    if not firsts:
        return frame.with_columns(pl.lit(None, ordered.schema[_VALUE]).alias(MATCHED))
    values = ordered.select(pl.col(_IDX).alias("_first"), pl.col(_VALUE).alias(MATCHED))
    matched = rows.select(pl.min_horizontal(firsts).alias("_first")).join(
        values, on="_first", how="left", maintain_order="left"
    )
    return frame.with_columns(matched[MATCHED])


def _first_per_value(rows: pl.DataFrame, column: str, rules: pl.DataFrame) -> pl.DataFrame:
    """Per distinct value of `column` among eligible rows: the first rule that matches it."""
    values = (
        rows.filter("_eligible")
        .select(pl.col(column))
        .unique()
        .drop_nulls()
        .with_columns(pl.col(column).cast(pl.String).str.to_lowercase().alias(_LOW))
    )
    exact = (
        rules.filter(pl.col("match") == "exact")
        .group_by(pl.col("pattern").str.to_lowercase().alias(_LOW))
        .agg(pl.col(_IDX).min())
    )
    values = values.join(exact, on=_LOW, how="left")
    for index, match, pattern in (
        rules.filter(pl.col("match") != "exact").select(_IDX, "match", "pattern").iter_rows()
    ):
        open_ = pl.col(_IDX).is_null() | (pl.col(_IDX) > index)  # no earlier rule took it
        hit = _condition(column, match, pattern).fill_null(False)
        values = values.with_columns(
            pl.when(open_ & hit).then(pl.lit(index, pl.UInt32)).otherwise(pl.col(_IDX)).alias(_IDX)
        )
    return values.filter(pl.col(_IDX).is_not_null()).select(column, _IDX)


def _condition(column: str, match: str, pattern: str) -> pl.Expr:
    wanted = pattern.lower()
    if match == "prefix":
        return pl.col(_LOW).str.starts_with(wanted)
    if match == "contains":
        return pl.col(_LOW).str.contains(wanted, literal=True)
    return pl.col(column).cast(pl.String).str.contains(f"(?i){pattern}")
