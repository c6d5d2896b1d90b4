"""Map rows to launches with the data owner's `launch_rules` table.

A rule says: where column `applies_to` (campaign, sku, or any text column) matches
`pattern` (exact / prefix / contains / regex), the launch is `launch_id`. Matching
ignores case, because the same campaign is typed 'SPF Serum' and 'spf serum'. Rules
only fill rows whose launch is unknown; the first rule in sheet order that matches wins.
"""

from __future__ import annotations

import polars as pl
from contract.schema import UNASSIGNED


def rule_problem(match: str, pattern: str) -> str | None:
    """Why a rule cannot be used, or None."""
    if match != "regex":
        return None
    try:
        pl.Series([""]).str.contains(pattern)
    except pl.exceptions.PolarsError:
        return f"pattern '{pattern}' is not a valid regular expression"
    return None


def _condition(column: str, match: str, pattern: str) -> pl.Expr:
    value = pl.col(column).str.to_lowercase()
    wanted = pattern.lower()
    if match == "exact":
        return value == wanted
    if match == "prefix":
        return value.str.starts_with(wanted)
    if match == "contains":
        return value.str.contains(wanted, literal=True)
    return pl.col(column).str.contains(f"(?i){pattern}")


def apply_rules(frame: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """`frame` with unassigned launch ids filled by the first matching rule."""
    if "launch_id" not in frame.columns or frame.is_empty():
        return frame
    text_columns = {n for n, d in frame.schema.items() if d == pl.String()}
    chain: pl.Expr | None = None
    for rule in rules.iter_rows(named=True):
        column = rule["applies_to"]
        if column not in text_columns or rule_problem(rule["match"], rule["pattern"]):
            continue
        condition = _condition(column, rule["match"], rule["pattern"]).fill_null(False)
        chain = (
            pl.when(condition).then(pl.lit(rule["launch_id"]))
            if chain is None
            else chain.when(condition).then(pl.lit(rule["launch_id"]))  # type: ignore[attr-defined]
        )
    if chain is None:
        return frame
    mapped = chain.otherwise(pl.col("launch_id"))  # type: ignore[attr-defined]
    return frame.with_columns(
        launch_id=pl.when(pl.col("launch_id") == UNASSIGNED)
        .then(mapped)
        .otherwise(pl.col("launch_id"))
    )
