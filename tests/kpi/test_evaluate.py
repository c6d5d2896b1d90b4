"""Measures read only the rows inside the periods' span: the same values as a full scan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kpi.evaluate import evaluate, measure_values
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
