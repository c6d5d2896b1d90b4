"""Measure values per time bucket: one grouped query per (table, date column).

Rows are assigned to their bucket with a sorted search on the bucket starts, then
all measures sharing that date column aggregate in one `group_by`. Snapshot
measures (open pipeline) have no date column: they are taken at each bucket's end,
as a running sum when additive, else one expression per bucket. Every query of
every bucket list runs together in one `collect_all`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import polars as pl

from kpi import currency
from kpi.evaluate import MeasureValues
from kpi.filters import Filters, Period
from kpi.measures import Measure, open_span
from kpi.model import Context, Model

Pending = tuple[int, pl.LazyFrame]  # (bucket list index, query)


def bucketed_measure_values(
    model: Model,
    filters: Filters,
    bucket_lists: Sequence[Sequence[Period]],
    measures: Iterable[Measure],
) -> list[list[MeasureValues]]:
    """For each list of contiguous, ordered buckets: every measure's value per bucket."""
    chosen = {m.name: m for m in measures}
    context = model.context(filters)
    facts = model.facts_for(filters)
    pending: list[Pending] = []
    for index, buckets in enumerate(bucket_lists):
        unique = sorted(set(buckets), key=lambda b: b.start)
        if unique:
            pending += _queries(model, index, unique, facts, chosen.values(), context)
    results = pl.collect_all([query for _, query in pending])
    return [
        _values_per_bucket(buckets, chosen.values(), pending, results, index)
        for index, buckets in enumerate(bucket_lists)
    ]


def _queries(
    model: Model,
    index: int,
    buckets: list[Period],
    facts: dict[str, pl.LazyFrame],
    measures: Iterable[Measure],
    context: Context,
) -> list[Pending]:
    groups: dict[tuple[str, str | None], list[Measure]] = {}
    for measure in measures:
        groups.setdefault((measure.table, measure.date), []).append(measure)
    queries: list[Pending] = []
    for (table, column), members in groups.items():
        frame = facts[table]
        if column is None:
            # A running sum cannot say which currencies are open at each bucket's end.
            running = [m for m in members if m.additive and not currency.varies(model, m)]
            queries += [(index, _running_snapshot(frame, buckets, m, context)) for m in running]
            others = [m for m in members if m not in running]
            if others:
                queries.append((index, _snapshot_query(model, frame, buckets, others, context)))
        else:
            query = _grouped_query(model, frame, column, buckets, members, context)
            queries.append((index, query))
    return queries


def _grouped_query(
    model: Model,
    frame: pl.LazyFrame,
    column: str,
    buckets: list[Period],
    measures: list[Measure],
    context: Context,
) -> pl.LazyFrame:
    dtype = frame.collect_schema()[column]
    span = Period(buckets[0].start, buckets[-1].end)
    starts = pl.Series([b.start for b in buckets], dtype=pl.Date)
    day = pl.col(column) if dtype == pl.Date else pl.col(column).dt.date()
    position = pl.lit(starts).search_sorted(day, side="right").cast(pl.Int64) - 1
    present = pl.col(column).is_not_null()  # every row here; a count's base condition
    aggregations = [
        expr
        for m in measures
        for expr in currency.aggregations(
            model, m, present if m.where is None else present & m.where(context)
        )
    ]
    bucket_start = pl.lit(starts).gather(position).alias("bucket")
    return frame.filter(span.contains(column, dtype)).group_by(bucket_start).agg(aggregations)


def _running_snapshot(
    frame: pl.LazyFrame, buckets: list[Period], measure: Measure, context: Context
) -> pl.LazyFrame:
    """An additive snapshot at every bucket end as a running sum of opens and closes.

    Each row adds its weight from the bucket where it opens and removes it from the
    bucket where it closes: one pass however many buckets (a two-year daily view has
    730 of them).
    """
    ends = pl.Series([b.end_before for b in buckets], dtype=pl.Datetime("us"))
    first, stop = open_span(ends)
    weight = pl.lit(1.0) if measure.value is None else measure.value.cast(pl.Float64)
    rows = frame if measure.where is None else frame.filter(measure.where(context))
    spans = rows.select(first=first, stop=stop, weight=weight.fill_null(0.0)).filter(
        pl.col("first") < pl.col("stop")
    )
    changes = (
        pl.concat(
            [
                spans.select(position=pl.col("first"), change=pl.col("weight")),
                spans.select(position=pl.col("stop"), change=-pl.col("weight")),
            ]
        )
        .group_by("position")
        .agg(pl.col("change").sum())
    )
    grid = pl.LazyFrame(
        {"position": range(len(buckets)), "bucket": [b.start for b in buckets]},
        schema={"position": pl.Int64, "bucket": pl.Date},
    )
    return (
        grid.join(changes, on="position", how="left")
        .sort("position")
        .select("bucket", pl.col("change").fill_null(0.0).cum_sum().alias(measure.name))
    )


def _snapshot_query(
    model: Model,
    frame: pl.LazyFrame,
    buckets: list[Period],
    measures: list[Measure],
    context: Context,
) -> pl.LazyFrame:
    """One row: each measure at each bucket's end, named `bucket start|measure`."""
    schema = frame.collect_schema()
    return frame.select(
        expr
        for bucket in buckets
        for m in measures
        for expr in currency.aggregations(
            model, m, m.rows(bucket, schema, context), f"{bucket.start.isoformat()}|"
        )
    )


def _values_per_bucket(
    buckets: Sequence[Period],
    measures: Iterable[Measure],
    pending: list[Pending],
    results: list[pl.DataFrame],
    index: int,
) -> list[MeasureValues]:
    by_start: dict[date, MeasureValues] = {}
    for (owner, _), result in zip(pending, results, strict=True):
        if owner != index:
            continue
        if "bucket" in result.columns:
            for row in result.iter_rows(named=True):
                by_start.setdefault(row.pop("bucket"), {}).update(row)
            continue
        for column, value in result.row(0, named=True).items():
            start, name = column.split("|", 1)
            by_start.setdefault(date.fromisoformat(start), {})[name] = value
    empty = {m.name: (None if m.aggregate == "median" else 0.0) for m in measures}
    return [{**empty, **by_start.get(b.start, {})} for b in buckets]
