"""Meta Ads Manager exports, in any of its languages (meta_ads.toml).

The currency sits in the spend header (`Amount spent (USD)`, `Importe gastado (EUR)`).
With a Day breakdown each row is one day. Without one, each row covers `Reporting
starts` to `Reporting ends` as one amount: it is spread evenly over those days and
marked as an estimate (connectors/formats/spread.py); a row whose start equals its end
is daily data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import polars as pl
from contract.schema import SPEND

from connectors.errors import CellError, RefusedFile
from connectors.formats import dates
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.mapping import Field, Record, add_up, build_table, field, find, refuse_rows
from connectors.formats.spread import note_spread, spread
from connectors.formats.vocabulary import vocabulary
from connectors.grid.cells import RawTable, normalise
from connectors.health import DataHealth

VOCABULARY = vocabulary("meta_ads")
_V = VOCABULARY.names
_CURRENCY = re.compile(r"\(([A-Za-z]{3})\)")
_SPENT = tuple(normalise(p) for p in _V("spent"))


def _fields(spent: str, currency: str | None, has_day: bool) -> tuple[Field, ...]:
    return (
        field("date", *(_V("day") if has_day else _V("starts")), kind="date"),
        field("campaign", *_V("campaign"), *_V("ad_set"), *_V("ad")),
        field("spend", spent, kind="money"),
        field("impressions", *_V("impressions"), kind="count"),
        field("clicks", *_V("clicks"), kind="count"),
        field("conversions", *_V("conversions"), kind="float"),
        field("conversion_value", *_V("conversion_value"), kind="money"),
        field("region", *_V("region")),
        field("currency", default=currency),
        field("channel", default="paid_social"),
        field("platform", default="meta"),
    )


def _daily(record: Record) -> None:
    record["estimated"] = False


def read(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    spent = next(h for h in raw.header if normalise(h).startswith(_SPENT))
    found = _CURRENCY.search(spent)
    currency = found.group(1).upper() if found else None
    has_day = find(raw, *_V("day")) is not None
    fields = _fields(spent, currency, has_day)
    if find(raw, *_V("campaign")) is None:
        level = "ad set" if find(raw, *_V("ad_set")) is not None else "ad"
        health.warn(
            f"{raw.file}: no campaign name column; each row is filed under its {level} name "
            "as its campaign (launch rules can match it)"
        )
    if has_day:
        used = _V("starts") + _V("ends")
        spend = build_table(
            raw, "spend", fields, health, derive=_daily, sum_repeats=True, also_uses=used
        )
        return {"spend": spend}
    return {"spend": _by_window(raw, fields, health)}


def _by_window(raw: RawTable, fields: tuple[Field, ...], health: DataHealth) -> pl.DataFrame:
    """Rows grouped by their reporting window, each group spread over its days."""
    starts, ends = find(raw, *_V("starts")), find(raw, *_V("ends"))
    if ends is None or starts is None:
        raise RefusedFile(
            f"{raw.file}: no Day breakdown and no 'Reporting ends' column, so the days each "
            "row's spend covers are unknown; export with Breakdown > By time > Day"
        )
    order = dates.infer_order(raw.column(starts) + raw.column(ends), raw.header[starts])
    windows: dict[tuple[date | None, date | None], list[int]] = defaultdict(list)
    bad: list[int] = []
    for i, row in enumerate(raw.rows):
        try:
            window = (_day(row, starts, order), _day(row, ends, order))
        except CellError:
            bad.append(i)
            continue
        start, end = window
        if start is not None and (end is None or end < start):  # its days are unknown
            bad.append(i)
            continue
        windows[window].append(i)
    if bad:
        keep = sorted(i for rows in windows.values() for i in rows)
        reason = f"'{raw.header[ends]}' is not a date on or after '{raw.header[starts]}'"
        raw = refuse_rows(health, raw, keep, reason, column=raw.header[ends])
        windows = _renumbered(windows, keep)
    parts = [_window(raw.subset(rows), fields, window, health) for window, rows in windows.items()]
    return add_up(pl.concat(parts), "spend") if parts else SPEND.empty()


def _day(row: list[str], position: int, order: dates.Order) -> date | None:
    return dates.day(row[position] if position < len(row) else "", order)


def _renumbered(
    windows: dict[tuple[date | None, date | None], list[int]], keep: list[int]
) -> dict[tuple[date | None, date | None], list[int]]:
    position = {old: new for new, old in enumerate(keep)}
    return {w: [position[i] for i in rows] for w, rows in windows.items()}


def _window(
    raw: RawTable,
    fields: tuple[Field, ...],
    window: tuple[date | None, date | None],
    health: DataHealth,
) -> pl.DataFrame:
    start, end = window
    frame = build_table(
        raw, "spend", fields, health, derive=_daily, sum_repeats=True, also_uses=_V("ends")
    )
    if start is None or end is None or start == end:
        return frame
    note_spread(health, raw.file, frame.height, start, end)
    return spread(frame, start, end)


ADAPTER = Adapter(
    "meta_ads",
    "Meta Ads Manager export (Campaign name, Amount spent (CUR), Reporting starts or Day)",
    ("spend",),
    (
        "|".join(_V("campaign") + _V("ad_set") + _V("ad")),
        "|".join(f"{p}*" for p in _V("spent")),
    ),
    read,
    any_of=(VOCABULARY.alternatives("starts"), VOCABULARY.alternatives("day")),
    fix=(
        "In Meta Ads Manager, open Reports, add Campaign name, Amount spent, Impressions "
        "and Link clicks, choose Breakdown > By time > Day, and export the table as CSV."
    ),
)
