"""The KPI table: every KPI with comparison, delta, target, pacing and status.

This is the table the Overview shows as tiles, downloads as CSV, and the command
line prints: one row per KPI, in catalog order.
"""

from __future__ import annotations

import polars as pl

from kpi.catalog import CATALOG, Kpi, get
from kpi.combine import KpiValue
from kpi.estimates import ESTIMATE_NOTE, has_estimated_spend, uses_spend
from kpi.evaluate import MeasureValues, left_out_reason, measure_values, value_in
from kpi.filters import Filters
from kpi.model import Model
from kpi.pacing import NO_TARGET, Pacing, pace, view_targets

COLUMNS = {
    "kpi": pl.String,
    "label": pl.String,
    "department": pl.String,
    "unit": pl.String,
    "better": pl.String,
    "value": pl.Float64,
    "currency": pl.String,  # of a money value (null for counts, rates and unknown)
    "comparison": pl.Float64,
    "delta": pl.Float64,
    "delta_pct": pl.Float64,
    "target": pl.Float64,
    "expected_to_date": pl.Float64,
    "projected": pl.Float64,
    "status": pl.String,
    "note": pl.String,
}


def kpi_table(model: Model, filters: Filters, kpis: tuple[Kpi, ...] = CATALOG) -> pl.DataFrame:
    comparison = filters.comparison_period()
    periods = [filters.period] if comparison is None else [filters.period, comparison]
    values = measure_values(model, filters, periods, kpis)
    estimated = has_estimated_spend(model, filters)
    rows = []
    for kpi in kpis:
        current, pacing = _value_and_pacing(model, filters, kpi, values[0])
        previous = _previous(model, filters, kpi, values[1]) if comparison else KpiValue(None, None)
        row = _row(kpi, current, previous, pacing, left_out_reason(model, filters, kpi))
        if estimated and uses_spend(kpi) and current.value is not None:
            row = _with_note(row, ESTIMATE_NOTE)
        rows.append(row)
    return pl.DataFrame(rows, schema=COLUMNS, orient="row")


def _value_and_pacing(
    model: Model, filters: Filters, kpi: Kpi, values: MeasureValues
) -> tuple[KpiValue, Pacing]:
    if kpi.versus_target_of is not None:
        basis = get(kpi.versus_target_of)
        _, basis_pacing = _value_and_pacing(model, filters, basis, values)
        return value_in(model, kpi, values, basis_pacing.expected_to_date), NO_TARGET
    value = value_in(model, kpi, values)
    rows = view_targets(model, kpi.id, filters.launches)
    return value, pace(kpi, value.value, rows, filters.period, model.last_day, filters)


def _previous(model: Model, filters: Filters, kpi: Kpi, values: MeasureValues) -> KpiValue:
    period = filters.comparison_period()
    assert period is not None
    shifted = filters.narrowed(start=period.start, end=period.end)
    return _value_and_pacing(model, shifted, kpi, values)[0]


def _with_note(row: tuple[object, ...], note: str) -> tuple[object, ...]:
    """`row` with `note` after any note it has (the note is its last field)."""
    before = row[-1]
    return (*row[:-1], f"{before}; {note}" if before else note)


def _row(
    kpi: Kpi, current: KpiValue, previous: KpiValue, pacing: Pacing, left_out: str | None
) -> tuple[object, ...]:
    value, before = current.value, previous.value
    note = left_out or current.reason or pacing.note
    if left_out:
        value, before = None, None
    delta = None if value is None or before is None else value - before
    delta_pct = None if delta is None or not before else delta / abs(before)
    return (
        kpi.id,
        kpi.label,
        kpi.department,
        kpi.unit,
        kpi.better,
        value,
        current.currency if value is not None else None,
        before,
        delta,
        delta_pct,
        pacing.target,
        pacing.expected_to_date,
        pacing.projected,
        pacing.status if value is not None else "no target",
        note,
    )
