"""KPI time series: each KPI per day, week or month bucket, with its comparison.

Every bucket is a ratio of sums of its own rows (never an average of daily ratios);
snapshot KPIs (open pipeline) are the state at each bucket's end. The comparison
value of a bucket is the KPI over the same stretch of the comparison period
(kpi/buckets.py). Revenue vs target compares each bucket's revenue with the
revenue target expected by that bucket's end, prorated to the bucket.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kpi.bucketed import bucketed_measure_values
from kpi.buckets import bucket_periods, comparison_buckets
from kpi.catalog import Kpi, get
from kpi.evaluate import MeasureValues, kpi_value, left_out_reason
from kpi.filters import Filters, Period
from kpi.model import Model
from kpi.pacing import pace

COLUMNS = {"kpi": pl.String, "bucket": pl.Date, "value": pl.Float64, "comparison": pl.Float64}


def time_series(model: Model, filters: Filters, kpi_ids: Sequence[str]) -> pl.DataFrame:
    """One row per KPI and bucket of the filtered period, sorted by kpi then bucket."""
    kpis = [get(kpi_id) for kpi_id in dict.fromkeys(kpi_ids)]
    buckets = bucket_periods(filters.period, filters.grain)
    compared = comparison_buckets(filters, buckets)
    measures = [m for kpi in kpis for m in kpi.measures]
    lists = [buckets] if compared is None else [buckets, compared]
    values = bucketed_measure_values(model, filters, lists, measures)
    rows = []
    for kpi in kpis:
        left_out = left_out_reason(model, filters, kpi) is not None
        for index, bucket in enumerate(buckets):
            value = _value(model, filters, kpi, values[0][index], bucket)
            before = None
            if compared is not None:
                before = _value(model, filters, kpi, values[1][index], compared[index])
            rows.append((kpi.id, bucket.start, *((None, None) if left_out else (value, before))))
    return pl.DataFrame(rows, schema=COLUMNS, orient="row").sort("kpi", "bucket")


def _value(
    model: Model, filters: Filters, kpi: Kpi, values: MeasureValues, bucket: Period
) -> float | None:
    if kpi.versus_target_of is None:
        return kpi_value(kpi, values).value
    basis = get(kpi.versus_target_of)
    rows = model.target_rows(basis.id, filters.launches)
    expected = pace(basis, None, rows, bucket, model.last_day, filters).expected_to_date
    return kpi_value(kpi, values, expected).value
