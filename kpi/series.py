"""KPI time series: each KPI per day, week or month bucket, with its comparison.

Every bucket is a ratio of sums of its own rows (never an average of daily ratios);
snapshot KPIs (open pipeline) are the state at each bucket's end. The comparison
value of a bucket is the KPI over the same stretch of the comparison period
(kpi/buckets.py). Revenue vs target compares each bucket's revenue with the
revenue target expected by that bucket's end, prorated to the bucket. A bucket's
value follows the KPI table's rules (kpi/evaluate.py), and `note` says why a value
is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kpi.bucketed import bucketed_measure_values
from kpi.buckets import bucket_periods, comparison_buckets
from kpi.catalog import Kpi, get
from kpi.combine import KpiValue
from kpi.evaluate import MeasureValues, left_out_reason, needed, value_in
from kpi.filters import Filters, Period
from kpi.model import Model
from kpi.pacing import pace, view_targets

COLUMNS = {
    "kpi": pl.String,
    "bucket": pl.Date,
    "value": pl.Float64,
    "comparison": pl.Float64,
    "note": pl.String,
}


def time_series(model: Model, filters: Filters, kpi_ids: Sequence[str]) -> pl.DataFrame:
    """One row per KPI and bucket of the filtered period, sorted by kpi then bucket."""
    kpis = [get(kpi_id) for kpi_id in dict.fromkeys(kpi_ids)]
    buckets = bucket_periods(filters.period, filters.grain)
    compared = comparison_buckets(filters, buckets)
    lists = [buckets] if compared is None else [buckets, compared]
    values = bucketed_measure_values(model, filters, lists, needed(model, kpis))
    rows: list[tuple[object, ...]] = []
    for kpi in kpis:
        left_out = left_out_reason(model, filters, kpi)
        for index, bucket in enumerate(buckets):
            value = _value(model, filters, kpi, values[0][index], bucket)
            before = None
            if compared is not None:
                before = _value(model, filters, kpi, values[1][index], compared[index]).value
            if left_out is not None:
                rows.append((kpi.id, bucket.start, None, None, left_out))
            else:
                rows.append((kpi.id, bucket.start, value.value, before, value.reason))
    return pl.DataFrame(rows, schema=COLUMNS, orient="row").sort("kpi", "bucket")


def _value(
    model: Model, filters: Filters, kpi: Kpi, values: MeasureValues, bucket: Period
) -> KpiValue:
    if kpi.versus_target_of is None:
        return value_in(model, kpi, values)
    basis = get(kpi.versus_target_of)
    rows = view_targets(model, basis.id, filters.launches)
    expected = pace(basis, None, rows, bucket, model.last_day, filters).expected_to_date
    return value_in(model, kpi, values, expected)
