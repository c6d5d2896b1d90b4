"""The KPI catalog: every KPI Tandem shows, declared once (docs/architecture.md, "The KPI catalog").

Each entry says what it is (id, label, department, unit, which direction is better,
a plain-words definition and formula) and how it is computed: numerator measures
summed, divided by denominator measures summed. Rates are therefore ratios of sums
at every grain, never averages of ratios. Conversion rates follow a cohort: of the
MQLs created in the period, the share that reached the stage so far.

The entries live in one module per department; this one puts them in display order.
"""

from __future__ import annotations

from kpi.catalog_marketing import MARKETING
from kpi.catalog_sales import SALES
from kpi.catalog_shared import SHARED
from kpi.definition import Better, Department, Kpi, Unit

__all__ = ["BY_ID", "CATALOG", "Better", "Department", "Kpi", "Unit", "get"]

CATALOG: tuple[Kpi, ...] = MARKETING + SALES + SHARED

BY_ID: dict[str, Kpi] = {kpi.id: kpi for kpi in CATALOG}


def get(kpi_id: str) -> Kpi:
    try:
        return BY_ID[kpi_id]
    except KeyError:
        raise KeyError(f"unknown KPI {kpi_id!r}; known: {', '.join(BY_ID)}") from None
