"""Spend that is an estimate: rows spread evenly over a multi-day report's days.

The connectors mark such rows `spend.estimated` (docs/architecture.md, "Spend over
several days"); a KPI computed from spend says so beside its value, so that nobody
reads a day's or a week's spread spend as what was spent that day.
"""

from __future__ import annotations

import polars as pl

from kpi.definition import Kpi
from kpi.filters import Filters
from kpi.model import Model

ESTIMATE_NOTE = "includes spend spread evenly over a multi-day report's days (an estimate)"


def uses_spend(kpi: Kpi) -> bool:
    return any(measure.table == "spend" for measure in kpi.measures)


def has_estimated_spend(model: Model, filters: Filters) -> bool:
    """Whether any spend row in the view's period (and dimensions) is an estimate."""
    spend = model.facts.get("spend")
    if spend is None or "estimated" not in spend.columns:
        return False
    in_view = filters.period.contains("date", spend.schema["date"]) & pl.col("estimated")
    if model.engine is not None:  # its facts hold no rows (docs/architecture.md, "Engines")
        return model.engine.any_row(model, filters, "spend", in_view)
    if not spend["estimated"].any():
        return False
    rows = model.facts_for(filters)["spend"]
    return bool(rows.select(in_view.any()).collect().item())
