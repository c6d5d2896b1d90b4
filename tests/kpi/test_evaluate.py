"""Measures read only the rows inside the periods' span, a query per date column: the
same values as a full scan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from kpi.catalog import CATALOG
from kpi.evaluate import evaluate, measure_values, needed, same_rows
from kpi.fact_measures import (
    COHORT_SQL,
    DEALS_CREATED,
    LEADS,
    MQLS,
    OPEN_PIPELINE,
    SPEED_TO_LEAD,
    SQLS,
    WON_DEALS,
)
from kpi.filters import Filters, Period
from kpi.model import Model


def test_a_period_s_values_do_not_depend_on_the_other_periods_asked(demo_model: Model) -> None:
    end = demo_model.last_day
    view = Period(end - timedelta(days=29), end)
    far = Period(demo_model.first_day, demo_model.first_day + timedelta(days=6))
    filters = Filters(start=view.start, end=view.end)
    (alone,) = measure_values(demo_model, filters, [view])
    with_far, _ = measure_values(demo_model, filters, [view, far])
    assert with_far.keys() == alone.keys()
    for name, value in alone.items():
        # Sums of floats may round in another order over another set of rows: 1 ulp.
        assert value == pytest.approx(with_far[name], rel=1e-12, abs=0), name
        if value is not None and value.is_integer():
            assert with_far[name] == value, name
    assert alone["mqls"] and alone["won_revenue"] and alone["open_pipeline"]


def test_open_pipeline_counts_deals_created_before_a_one_day_view(model: Model) -> None:
    last_of_march = Filters(start=date(2025, 3, 31), end=date(2025, 3, 31), compare="none")
    values = evaluate(model, last_of_march)
    # D3 (created 4 Mar, 2000) and D6 (created 15 Feb, 700) are still open on 31 March.
    assert values["pipeline_value"].value == 2700.0
    assert values["mqls"].value == 1.0  # lead D, MQL on 31 March
    assert values["accepted_leads"].value == 0.0


def test_each_measure_equals_its_own_scan_of_the_whole_table(demo_model: Model) -> None:
    """Grouped by date column and cut to the periods' span, each measure is what one
    aggregation over every row of its table gives (kpi/evaluate.py, `same_rows`)."""
    end = demo_model.last_day
    view = Period(end - timedelta(days=89), end)
    before = Period(view.start - timedelta(days=90), view.start - timedelta(days=1))
    filters = Filters(start=view.start, end=view.end)
    values = measure_values(demo_model, filters, [view, before])
    context = demo_model.context(filters)
    checked = 0
    for measure in needed(demo_model, CATALOG):
        table = demo_model.facts[measure.table]
        for period, found in zip((view, before), values, strict=True):
            rows = measure.rows(period, table.schema, context)
            # Every value hashed (no `once` shortcut): the count by its definition.
            alone = table.select(replace(measure, once=None).over(rows)).item()
            assert found[measure.name] == pytest.approx(alone, rel=1e-12, abs=0), measure.name
            if measure.aggregate != "sum":  # counts, medians, distinct counts: exact
                assert found[measure.name] == alone, measure.name
            checked += 1
    assert checked > 50


def test_measures_are_grouped_by_the_rows_they_read() -> None:
    leads = same_rows([LEADS, MQLS, COHORT_SQL, SQLS, SPEED_TO_LEAD])
    assert leads == [[LEADS], [MQLS, COHORT_SQL, SPEED_TO_LEAD], [SQLS]]
    # A snapshot counts rows of any age: its table is read whole, in one group.
    deals = same_rows([DEALS_CREATED, OPEN_PIPELINE, WON_DEALS])
    assert deals == [[DEALS_CREATED, OPEN_PIPELINE, WON_DEALS]]
