"""The KPI catalog as a table a manager can read (the Definitions page)."""

from __future__ import annotations

import polars as pl

from kpi.catalog import CATALOG

DEPARTMENTS = {"marketing": "Marketing", "sales": "Sales", "shared": "Shared (alignment)"}
UNITS = {"money": "Money", "count": "Count", "ratio": "Rate (%)", "hours": "Hours", "days": "Days"}


def catalog_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "KPI": kpi.label,
                "Department": DEPARTMENTS[kpi.department],
                "Definition": kpi.definition,
                "Formula": kpi.formula,
                "Unit": UNITS[kpi.unit],
                "Better when": "higher" if kpi.better == "up" else "lower",
                "id": kpi.id,
            }
            for kpi in CATALOG
        ]
    )
