"""The combining rule: its two forms agree on every case, and each case gives what it says."""

from __future__ import annotations

import itertools
import math

import polars as pl
import pytest

from kpi.catalog import get
from kpi.combine import kpi_exprs, kpi_value, problem, ratio_expr, total, total_expr
from kpi.measures import Measure

CASES = [None, 0.0, 3.0, -2.0, 0.5, math.nan, math.inf, -math.inf]


def expression_values(kpi_id: str, rows: list[dict[str, float | None]]) -> list[tuple[object, ...]]:
    kpi = get(kpi_id)
    names = [m.name for m in kpi.measures]
    frame = pl.DataFrame(rows, schema={name: pl.Float64 for name in dict.fromkeys(names)})

    def column(measure: Measure) -> pl.Expr:
        return pl.col(measure.name)

    value, reason = kpi_exprs(kpi, column)
    return frame.select(value.alias("value"), reason.alias("reason")).rows()


@pytest.mark.parametrize("kpi_id", ["roas", "revenue", "spend", "speed_to_lead_hours"])
def test_both_forms_agree_on_every_combination(kpi_id: str) -> None:
    kpi = get(kpi_id)
    names = list(dict.fromkeys(m.name for m in kpi.measures))
    rows = [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(CASES, repeat=len(names))
    ]
    by_expression = expression_values(kpi_id, rows)
    for row, (value, reason) in zip(rows, by_expression, strict=True):
        scalar = kpi_value(kpi, row)
        assert (scalar.value, scalar.reason) == (value, reason), row


def test_a_ratio_needs_a_denominator_above_zero() -> None:
    roas = get("roas")  # conversion value ÷ spend
    assert kpi_value(roas, {"conversion_value": 300.0, "spend": 150.0}).value == 2.0
    assert kpi_value(roas, {"conversion_value": -30.0, "spend": 150.0}).value == -0.2
    zero = kpi_value(roas, {"conversion_value": 300.0, "spend": 0.0})
    assert (zero.value, zero.reason) == (None, "no spend data in this view to compute it from")
    credits = kpi_value(roas, {"conversion_value": 300.0, "spend": -50.0})
    assert credits.value is None
    assert credits.reason == (
        "sum(spend) is below zero in this view (credits or refunds exceed it), "
        "so a ratio would mislead"
    )
    missing = kpi_value(roas, {"conversion_value": 300.0})
    assert missing.value is None
    nan = kpi_value(roas, {"conversion_value": math.nan, "spend": 10.0})
    assert (nan.value, nan.reason) == (None, "the data holds a value that is not a number")


def test_a_sum_is_unknown_when_a_part_is() -> None:
    assert total([1.0, 2.5]) == 3.5
    assert total([1.0, None]) is None
    assert total([]) is None
    frame = pl.DataFrame({"a": [1.0, 1.0, None], "b": [2.5, None, None]})
    assert frame.select(total_expr([pl.col("a"), pl.col("b")])).to_series().to_list() == [
        3.5,
        None,
        None,
    ]


def scalar_ratio(numerator: float | None, denominator: float | None) -> float | None:
    if problem(numerator, denominator, divided=True) or numerator is None or not denominator:
        return None
    return numerator / denominator


def test_scalar_and_expression_ratio_agree() -> None:
    pairs = list(itertools.product(CASES, repeat=2))
    frame = pl.DataFrame(
        {"n": [n for n, _ in pairs], "d": [d for _, d in pairs]},
        schema={"n": pl.Float64, "d": pl.Float64},
    )
    by_expression = frame.select(ratio_expr(pl.col("n"), pl.col("d"))).to_series().to_list()
    assert [scalar_ratio(n, d) for n, d in pairs] == by_expression
    # Only a known, finite, positive denominator and a known, finite numerator divide.
    divided = [(n, d) for (n, d), r in zip(pairs, by_expression, strict=True) if r is not None]
    assert {d for _, d in divided} == {3.0, 0.5}
    assert {n for n, _ in divided} == {0.0, 3.0, -2.0, 0.5}


def test_counts_divide_as_floats() -> None:
    frame = pl.DataFrame({"n": [1, 2, 0], "d": [4, 0, 0]})
    assert frame.select(ratio_expr(pl.col("n"), pl.col("d"))).to_series().to_list() == [
        0.25,
        None,
        None,
    ]


def test_a_target_kpi_has_no_value_per_row() -> None:
    with pytest.raises(ValueError, match="target_attainment compares with a target"):
        kpi_exprs(get("target_attainment"), lambda m: pl.col(m.name))
    got = kpi_value(get("target_attainment"), {"won_revenue": 10.0, "order_revenue": 20.0}, 60.0)
    assert got.value == 0.5
    nothing = kpi_value(get("target_attainment"), {"won_revenue": 10.0, "order_revenue": 20.0})
    assert (nothing.value, nothing.reason) == (None, "no revenue target covers this view")
