"""Measure values per time bucket: one grouped query per (table, date column).

Rows are assigned to their bucket with a sorted search on the bucket starts, then all
measures sharing that date column aggregate in one grouped query (kpi/grouped.py, on
every engine). Snapshot measures (open pipeline) have no date column: they are taken
at each bucket's end. polars takes an additive one as a running sum, another as one
expression per bucket; another engine computes them as the KPI table's measures over
each bucket (kpi/engines), a few hundred buckets per statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import polars as pl

from kpi import currency
from kpi.evaluate import MeasureValues
from kpi.filters import Filters, Period
from kpi.grouped import Grouped, grouped_values, lazy_queries
from kpi.measures import Measure, open_span
from kpi.model import Context, Model

Owned = tuple[int, Grouped]  # (bucket list index, grouped query)


def bucketed_measure_values(
    model: Model,
    filters: Filters,
    bucket_lists: Sequence[Sequence[Period]],
    measures: Iterable[Measure],
) -> list[list[MeasureValues]]:
    """For each list of contiguous, ordered buckets: every measure's value per bucket."""
    chosen = list({m.name: m for m in measures}.values())
    context = model.context(filters)
    found: list[dict[date, MeasureValues]] = [{} for _ in bucket_lists]
    owned: list[Owned] = []
    snapshots: list[tuple[int, list[Period], list[Measure]]] = []
    for index, buckets in enumerate(bucket_lists):
        unique = sorted(set(buckets), key=lambda b: b.start)
        if not unique:
            continue
        for (table, column), members in _by_date_column(chosen).items():
            if column is None:
                snapshots.append((index, unique, members))
            else:
                owned.append((index, _grouped(model, table, column, unique, members, context)))
    queries = [query for _, query in owned]
    if model.engine is None:  # every query of every bucket list in one collect_all
        snapshot_queries = [
            _polars_snapshots(model, filters, buckets, members, context)
            for _, buckets, members in snapshots
        ]
        results = pl.collect_all(
            [*lazy_queries(model, filters, queries), *(q for s in snapshot_queries for q in s)]
        )
        grouped, rest = results[: len(queries)], iter(results[len(queries) :])
        snapshot_values = [
            _snapshot_values([next(rest) for _ in part]) for part in snapshot_queries
        ]
    else:
        grouped = grouped_values(model, filters, queries)
        snapshot_values = [
            _engine_snapshots(model, filters, buckets, members) for _, buckets, members in snapshots
        ]
    for (index, _), result in zip(owned, grouped, strict=True):
        starts = sorted({b.start for b in bucket_lists[index]})
        for row in result.iter_rows(named=True):
            found[index].setdefault(starts[row.pop("position")], {}).update(row)
    for (index, _, _), values in zip(snapshots, snapshot_values, strict=True):
        for start, measured in values.items():
            found[index].setdefault(start, {}).update(measured)
    empty = {m.name: m.of_no_rows for m in chosen}
    return [
        [{**empty, **found[index].get(b.start, {})} for b in buckets]
        for index, buckets in enumerate(bucket_lists)
    ]


def _by_date_column(measures: list[Measure]) -> dict[tuple[str, str | None], list[Measure]]:
    groups: dict[tuple[str, str | None], list[Measure]] = {}
    for measure in measures:
        groups.setdefault((measure.table, measure.date), []).append(measure)
    return groups


def _grouped(
    model: Model,
    table: str,
    column: str,
    buckets: list[Period],
    measures: list[Measure],
    context: Context,
) -> Grouped:
    dtype = model.facts[table].collect_schema()[column]
    span = Period(buckets[0].start, buckets[-1].end)
    starts = pl.Series([b.start for b in buckets], dtype=pl.Date)
    day = pl.col(column) if dtype == pl.Date else pl.col(column).dt.date()
    # The bucket's index among the starts (the rows are inside the span).
    position = pl.lit(starts).search_sorted(day, side="right").cast(pl.Int64) - 1
    present = pl.col(column).is_not_null()  # every row here; a count's base condition
    rows = [(m, present if m.where is None else present & m.where(context)) for m in measures]
    return Grouped(table, {"position": position}, rows, where=span.contains(column, dtype))


def _engine_snapshots(
    model: Model, filters: Filters, buckets: list[Period], measures: list[Measure]
) -> dict[date, MeasureValues]:
    """Each snapshot measure at each bucket's end, as the KPI table's measures per bucket."""
    assert model.engine is not None
    values = model.engine.measure_values(model, filters, buckets, measures)
    return {b.start: v for b, v in zip(buckets, values, strict=True)}


def _polars_snapshots(
    model: Model,
    filters: Filters,
    buckets: list[Period],
    measures: list[Measure],
    context: Context,
) -> list[pl.LazyFrame]:
    frame = model.facts_for(filters)[measures[0].table]
    # A running sum cannot say which currencies are open at each bucket's end.
    running = [m for m in measures if m.additive and not currency.varies(model, m)]
    queries = [_running_snapshot(frame, buckets, m, context) for m in running]
    others = [m for m in measures if m not in running]
    if others:
        queries.append(_snapshot_query(model, frame, buckets, others, context))
    return queries


def _snapshot_values(results: list[pl.DataFrame]) -> dict[date, MeasureValues]:
    """The polars snapshot queries' results by bucket start."""
    found: dict[date, MeasureValues] = {}
    for result in results:
        if "bucket" in result.columns:
            for row in result.iter_rows(named=True):
                found.setdefault(row.pop("bucket"), {}).update(row)
            continue
        for name, value in result.row(0, named=True).items():
            start, measure = name.split("|", 1)
            found.setdefault(date.fromisoformat(start), {})[measure] = value
    return found


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
