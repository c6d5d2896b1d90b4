"""Amounts in different currencies are never added.

See docs/architecture.md, "Money KPIs never mix currencies".

The connectors convert amounts to one reporting currency where they can and leave a
row's own currency where they cannot. A money measure over rows in more than one
currency (nulls ignored), and every KPI adding or dividing amounts of more than one
currency, has no value, and the reason names the currencies.

Cheap by construction: a money table holding one currency (the usual case) needs no
work per view, its currency is known from the load. Only on a table holding several
does a money measure get one more aggregation in its own query: the bitwise OR of
its rows' currency bits (kpi/model.py), which names exactly the currencies it mixed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import reduce

import polars as pl

from kpi.definition import Kpi
from kpi.measures import Measure
from kpi.model import CURRENCY_BIT, Model


def key(measure: Measure) -> str:
    """The name of a measure's currency bits among measure values."""
    return f"{measure.name}:currencies"


def varies(model: Model, measure: Measure) -> bool:
    """Whether the measure's currency depends on the view (its table holds several)."""
    return measure.money and len(model.currencies_of(measure.table)) > 1


def aggregations(model: Model, measure: Measure, rows: pl.Expr, prefix: str = "") -> list[pl.Expr]:
    """The measure over `rows`, and the currency bits of those rows when they can vary.

    Named `prefix` + the measure's name (and + `key(measure)` for the bits).
    """
    value = measure.over(rows).alias(prefix + measure.name)
    if not varies(model, measure):
        return [value]
    bits = pl.when(rows).then(pl.col(CURRENCY_BIT)).bitwise_or().fill_null(0)
    return [value, bits.alias(prefix + key(measure))]


def _fixed_bits(model: Model, kpi: Kpi) -> int:
    bits = 0
    for measure in kpi.measures:
        if measure.money and not varies(model, measure):
            for currency in model.currencies_of(measure.table):
                bits |= 1 << model.currencies.index(currency)
    return bits


def _plan(model: Model, kpi: Kpi) -> tuple[int, tuple[str, ...]]:
    """The KPI's currency bits known from the load, and the keys of those a view gives."""
    varying = tuple(key(m) for m in kpi.measures if varies(model, m))
    return _fixed_bits(model, kpi), varying


def kpi_bits(model: Model, kpi: Kpi, values: Mapping[str, float | None]) -> int:
    """The currencies of every amount the KPI combines, as bits (see `names`)."""
    # Keyed by id and numerator size: the KPI as the data can give it (kpi/known.py).
    plan_key = ("currency plan", kpi.id, len(kpi.numerator))
    bits, varying = model.remembered(plan_key, lambda: _plan(model, kpi))
    for name in varying:
        bits |= int(values.get(name) or 0)
    return bits


def names(model: Model, bits: int) -> list[str]:
    if not bits:
        return []
    return [currency for index, currency in enumerate(model.currencies) if bits >> index & 1]


def mix_reason(currencies: list[str]) -> str:
    return f"mixes {' and '.join(currencies)}; add an fx_rates table"


def mix_reason_expr(model: Model, kpi: Kpi, column: Callable[[Measure], pl.Expr]) -> pl.Expr | None:
    """`mix_reason` per row (null where one currency or none), or None if it cannot mix."""
    varying = [column(m) for m in kpi.measures if varies(model, m)]
    fixed = _fixed_bits(model, kpi)
    if not varying:
        return None if len(names(model, fixed)) < 2 else pl.lit(mix_reason(names(model, fixed)))
    bits = reduce(lambda left, right: left | right, varying, pl.lit(fixed, pl.Int64))
    present = pl.concat_list(
        pl.when((bits & (1 << index)) != 0).then(pl.lit(currency))
        for index, currency in enumerate(model.currencies)
    ).list.drop_nulls()
    text = pl.lit("mixes ") + present.list.join(" and ") + pl.lit("; add an fx_rates table")
    return pl.when(present.list.len() > 1).then(text)


def running_bits(bits: pl.Expr, model: Model) -> pl.Expr:
    """The OR of `bits` so far, in the frame's order (each bit's running max, summed)."""
    return pl.sum_horizontal(
        (bits & (1 << index)).cum_max() for index in range(len(model.currencies))
    )
