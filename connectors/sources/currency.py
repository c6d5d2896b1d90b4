"""Every amount in one reporting currency, converted once, when sources are combined.

The reporting currency is the `[settings] reporting_currency` of sources.toml, else the
data's most common currency (by rows with money). An amount in another currency is
converted at the `fx_rates` rate of its day: the currency's latest rate on or before
that day (docs/architecture.md, "Currencies"). An amount with no such rate keeps its
own currency and the health record says so: two currencies are never added, the
engine shows a money KPI that would mix them as "—". Exports that carry their own
converted amounts (Salesforce `Amount (converted)`) were read in that currency already.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import polars as pl

from connectors.health import DataHealth

# Table → its money columns and the day whose rate converts them. A deal is converted
# at its close (its won revenue's day), an open deal at its creation.
MONEY: dict[str, tuple[tuple[str, ...], pl.Expr]] = {
    "spend": (("spend", "conversion_value"), pl.col("date")),
    "deals": (("amount",), pl.coalesce("closed_at", "created_at").dt.date()),
    "orders": (("revenue",), pl.col("date")),
}
_DAY, _RATE = "_fx_day", "_fx_rate"
_WAS, _DONE, _MISSING = "_fx_was", "_fx_done", "_fx_missing"  # per row: what happened


def reporting_currency(tables: dict[str, pl.DataFrame], setting: str | None) -> str | None:
    """The setting, else the currency most rows with money are in (ties: alphabetical)."""
    if setting:
        return setting
    counts: Counter[str] = Counter()
    for name in MONEY:
        counts.update(dict(tables[name]["currency"].drop_nulls().value_counts().iter_rows()))
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], c))


def convert(
    tables: dict[str, pl.DataFrame], target: str | None, health: Sequence[DataHealth], read: str
) -> dict[str, pl.DataFrame]:
    """`tables` with every amount in `target` where a rate allows.

    Each row's column `read` indexes `health`, the record of the read it came from,
    where what was converted and what could not be is written.
    """
    if target is None:
        return tables
    rates = (
        tables["fx_rates"]
        .filter(pl.col("currency") != target)
        .select(pl.col("date").alias(_DAY), "currency", pl.col("rate").alias(_RATE))
        .sort(_DAY)
    )
    converted = dict(tables)
    for name, (amounts, day) in MONEY.items():
        frame = _converted(tables[name], amounts, day, rates, target)
        for column, done in ((_DONE, True), (_MISSING, False)):
            # The three columns a note counts: filtering the table would copy every column.
            rows = frame.select(read, _WAS, column).filter(pl.col(column))
            _note(name, rows, target, health, read, converted=done)
        converted[name] = frame.drop(_WAS, _DONE, _MISSING)
    return converted


def _converted(
    frame: pl.DataFrame, amounts: tuple[str, ...], day: pl.Expr, rates: pl.DataFrame, target: str
) -> pl.DataFrame:
    """`frame` converted; per row its former currency and whether it was or had no rate."""
    foreign = pl.col("currency").is_not_null() & (pl.col("currency") != target)
    if not frame.select(foreign.any()).item():
        return frame.with_columns(
            pl.col("currency").alias(_WAS),
            pl.lit(False).alias(_DONE),
            pl.lit(False).alias(_MISSING),
        )
    # Each (currency, day) pair's rate is looked up once, then joined back on the two
    # narrow columns: sorting the whole table by day and back copied every column twice.
    days = frame.select("currency", day.alias(_DAY))
    pairs = (
        days.filter(foreign)
        .unique()
        .sort(_DAY)
        .join_asof(rates, on=_DAY, by="currency", strategy="backward", check_sortedness=False)
    )
    rate = days.join(pairs, on=["currency", _DAY], how="left", maintain_order="left")[_RATE]
    joined = frame.with_columns(rate)
    has_rate = foreign & pl.col(_RATE).is_not_null()
    return joined.with_columns(
        *[pl.when(has_rate).then(pl.col(a) * pl.col(_RATE)).otherwise(pl.col(a)) for a in amounts],
        pl.when(has_rate).then(pl.lit(target)).otherwise(pl.col("currency")).alias("currency"),
        pl.col("currency").alias(_WAS),
        has_rate.alias(_DONE),
        (foreign & pl.col(_RATE).is_null()).alias(_MISSING),
    ).drop(_RATE)


def _note(
    name: str,
    rows: pl.DataFrame,
    target: str,
    health: Sequence[DataHealth],
    read: str,
    *,
    converted: bool,
) -> None:
    if rows.is_empty():
        return
    counts: dict[int, Counter[str]] = {}
    for index, currency, n in rows.group_by(read, _WAS).len().iter_rows():
        counts.setdefault(index, Counter())[currency] += n
    for index, by_currency in sorted(counts.items()):
        record = health[index]
        shown = ", ".join(f"{c} ({n})" for c, n in sorted(by_currency.items()))
        total = sum(by_currency.values())
        if converted:
            record.warn(
                f"{name}: {total} row(s) in {shown} converted to {target} at the fx_rates "
                "rate of their day"
            )
        else:
            record.warn(
                f"{name}: {total} row(s) in {shown} have no fx_rates rate to {target} on or "
                "before their day; they keep their currency, and a money figure that would "
                f"add them to {target} shows — instead of a sum"
            )
