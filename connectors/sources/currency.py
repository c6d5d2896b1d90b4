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
        frame = tables[name]
        foreign = pl.col("currency").is_not_null() & (pl.col("currency") != target)
        if not frame.select(foreign.any()).item():
            continue
        frame = frame.with_columns(_rate(frame, day, rates))
        # What happened, counted per read and currency before the currency is replaced:
        # no copy of the old currency is kept beside the table.
        # Streamed: grouping 20M rows at once on three keys held 1 GB of keys and hashes.
        counts = (
            frame.lazy()
            .select(read, "currency", pl.col(_RATE).is_not_null().alias("done"))
            .group_by(read, "currency", "done")
            .len()
            .collect(engine="streaming")
            .filter(foreign)  # the groups, not the rows: filtering rows would copy them
        )
        for done in (True, False):
            _note(name, counts.filter(pl.col("done") == done), target, health, read, done)
        has_rate = pl.col(_RATE).is_not_null()  # only a foreign currency's rows have one
        converted[name] = frame.with_columns(
            *[
                pl.when(has_rate).then(pl.col(a) * pl.col(_RATE)).otherwise(pl.col(a))
                for a in amounts
            ],
            pl.when(has_rate).then(pl.lit(target)).otherwise(pl.col("currency")).alias("currency"),
        ).drop(_RATE)
    return converted


def _rate(frame: pl.DataFrame, day: pl.Expr, rates: pl.DataFrame) -> pl.Series:
    """Each row's rate: its currency's latest rate on or before its `day`; null where
    there is none, and for the reporting currency's rows and those of no currency.

    Each currency's rates are spread over a calendar of every day from the first rate's
    to the last day seen, and its rows take their day's, set in place: no join copies
    the table or hashes its (currency, day) pairs, and beside the rates only one
    currency's rows are held at a time (docs/architecture.md, "Memory").
    """
    rate = pl.Series(_RATE, [], pl.Float64).extend_constant(None, frame.height)
    if rates.is_empty():
        return rate
    number = day.cast(pl.Int32)  # days since 1970-01-01
    days = rates[_DAY].cast(pl.Int32)
    first, last = days.min(), days.max()
    seen = frame.select(number.max()).item()
    assert isinstance(first, int) and isinstance(last, int)
    calendar = pl.DataFrame({_DAY: pl.int_range(first, max(last, seen or last) + 1, eager=True)})
    calendar = calendar.cast(pl.Int32)
    for (code,), part in rates.group_by("currency", maintain_order=True):  # sorted by day
        daily = calendar.join_asof(
            part.select(pl.col(_DAY).cast(pl.Int32), _RATE), on=_DAY, strategy="backward"
        )[_RATE]
        # The currency's rows on or after its first rate, and their places in the calendar.
        rows = (pl.col("currency") == code) & (number >= first)
        found = frame.select(
            pl.arg_where(rows).alias("row"), (number.filter(rows) - first).alias("at")
        )
        rate.scatter(found["row"], daily.gather(found["at"]))
    return rate


def _note(
    name: str,
    counts: pl.DataFrame,
    target: str,
    health: Sequence[DataHealth],
    read: str,
    converted: bool,
) -> None:
    """One warning per read: how many of its rows in each currency were converted (or
    had no rate), from `counts` (read, currency, len)."""
    by_read: dict[int, Counter[str]] = {}
    for index, currency, n in counts.select(read, "currency", "len").iter_rows():
        by_read.setdefault(index, Counter())[currency] += n
    for index, by_currency in sorted(by_read.items()):
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
