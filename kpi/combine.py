"""How a KPI's measures make its value (docs/architecture.md, "The combining rule").

- A KPI's numerator is the sum of its numerator measures, its denominator the sum of
  its denominator measures; a sum with an unknown part is unknown.
- Without a denominator the value is the numerator. With one, the value is numerator ÷
  denominator when the denominator is above zero. A zero denominator (nothing to
  divide by), a negative one (credits or refunds exceed the base: a ROAS over
  net-negative spend would read as a number it is not) and an unknown one give no
  value, with the reason.
- A value that is not a finite number (a NaN cell in a source) is no value.

Declared once, in the two forms the views need: on Python floats (`problem`,
`kpi_value`: the KPI table, the time series) and as polars expressions over columns of
measure values (`problem_expr`, `kpi_exprs`, `ratio_expr`: breakdowns, the launch
overlay, the funnel, the hand-off).
tests/kpi/test_combine.py checks that both forms agree on every case.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import polars as pl

from kpi.definition import Kpi
from kpi.measures import Measure

Problem = Literal["empty", "not a number", "below zero"]
NOT_A_NUMBER = "the data holds a value that is not a number"


@dataclass(frozen=True)
class KpiValue:
    value: float | None
    reason: str | None  # why value is None; beside a value, what the value leaves out
    currency: str | None = None  # of a money value, when its rows name one


def total(parts: Iterable[float | None]) -> float | None:
    """The sum of a KPI's numerator (or denominator) measures; unknown if a part is."""
    values = list(parts)
    if not values or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def total_expr(parts: Sequence[pl.Expr]) -> pl.Expr:
    """`total` as an expression."""
    if len(parts) == 1:
        return parts[0]
    return pl.when(pl.all_horizontal(p.is_not_null() for p in parts)).then(pl.sum_horizontal(parts))


def problem(
    numerator: float | None, denominator: float | None = None, *, divided: bool
) -> Problem | None:
    """What keeps numerator (÷ denominator, when `divided`) from being a value."""
    if numerator is None or (divided and denominator is None):
        return "empty"
    if not math.isfinite(numerator):
        return "not a number"
    if not divided:
        return None
    assert denominator is not None
    if not math.isfinite(denominator):
        return "not a number"
    if denominator == 0:
        return "empty"
    if denominator < 0:
        return "below zero"
    return None if math.isfinite(numerator / denominator) else "not a number"


def problem_expr(
    numerator: pl.Expr,
    denominator: pl.Expr | None = None,
    says: Mapping[Problem, str] | None = None,
) -> pl.Expr:
    """`problem` as an expression: a string, null where there is a value.

    The string is the problem's name, or what `says` maps it to (a reason).
    """

    def said(found: Problem) -> pl.Expr:
        return pl.lit(found if says is None else says[found], pl.String)

    top = numerator.cast(pl.Float64)
    if denominator is None:
        return (
            pl.when(top.is_null())
            .then(said("empty"))
            .when(~top.is_finite())
            .then(said("not a number"))
        )
    bottom = denominator.cast(pl.Float64)
    return (
        pl.when(top.is_null() | bottom.is_null())
        .then(said("empty"))
        .when(~top.is_finite() | ~bottom.is_finite())
        .then(said("not a number"))
        .when(bottom == 0)
        .then(said("empty"))
        .when(bottom < 0)
        .then(said("below zero"))
        .when(~(top / bottom).is_finite())
        .then(said("not a number"))
    )


def ratio_expr(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """numerator ÷ denominator by the rule (a Float64), null where there is no value."""
    quotient = numerator.cast(pl.Float64) / denominator.cast(pl.Float64)
    return pl.when(problem_expr(numerator, denominator).is_null()).then(quotient)


def kpi_value(
    kpi: Kpi, values: Mapping[str, float | None], target_to_date: float | None = None
) -> KpiValue:
    """The KPI from its measures' values (measure name → value) by the rule."""
    numerator = total(values.get(m.name) for m in kpi.numerator)
    divided = bool(kpi.denominator) or kpi.versus_target_of is not None
    if kpi.versus_target_of is not None:
        denominator = target_to_date
    else:
        denominator = total(values.get(m.name) for m in kpi.denominator) if divided else None
    found = problem(numerator, denominator, divided=divided)
    if found is not None:
        return KpiValue(None, reasons(kpi)[found])
    assert numerator is not None
    return KpiValue(numerator / denominator if denominator is not None else numerator, None)


def kpi_exprs(kpi: Kpi, column: Callable[[Measure], pl.Expr]) -> tuple[pl.Expr, pl.Expr]:
    """`kpi_value` as expressions (value, reason) over measure columns given by `column`."""
    if kpi.versus_target_of is not None:
        raise ValueError(f"{kpi.id} compares with a target over a period; it has no value per row")
    numerator = total_expr([column(m) for m in kpi.numerator])
    denominator = total_expr([column(m) for m in kpi.denominator]) if kpi.denominator else None
    reason = problem_expr(numerator, denominator, reasons(kpi))
    value = numerator.cast(pl.Float64)
    if denominator is not None:
        value = value / denominator.cast(pl.Float64)
    return pl.when(reason.is_null()).then(value), reason


@lru_cache(maxsize=256)
def reasons(kpi: Kpi) -> dict[Problem, str]:
    """Each problem's reason for this KPI, in plain words."""
    if kpi.versus_target_of is not None:
        empty = f"no {kpi.versus_target_of} target covers this view"
        base = f"the {kpi.versus_target_of} target to date"
    else:
        tables = ", ".join(sorted({m.table for m in kpi.measures}))
        empty = f"no {tables} data in this view to compute it from"
        base = " + ".join(m.formula for m in kpi.denominator)
    return {
        "empty": empty,
        "not a number": NOT_A_NUMBER,
        "below zero": f"{base} is below zero in this view (credits or refunds exceed it), "
        "so a ratio would mislead",
    }
