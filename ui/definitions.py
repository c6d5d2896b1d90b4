"""The KPI catalog as a table a manager can read (the Definitions page), and how the
engine computing it differs from polars, where it does (docs/architecture.md, "Engines")."""

from __future__ import annotations

import polars as pl
import streamlit as st

from kpi.catalog import CATALOG
from kpi.engines.sql import SqlEngine
from kpi.model import Model

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


def engine_differences(model: Model | None) -> tuple[str, ...]:
    """What the engine computing these KPIs does differently from polars, in words: its
    dialect's own statements (kpi/engines), none where every measure is exact."""
    engine = model.engine if model is not None else None
    return engine.dialect.differences if isinstance(engine, SqlEngine) else ()


def draw_engine_differences(model: Model | None) -> None:
    for difference in engine_differences(model):
        st.info(difference, icon=":material/database:")
