"""Safe downloads: exactly the filtered view, formula-neutralised, with its filters."""

from __future__ import annotations

import re

import polars as pl
import streamlit as st

from kpi.export import safe_csv, view_comments
from kpi.filters import Filters
from kpi.model import Model
from kpi.periods import data_as_of


def csv_button(
    frame: pl.DataFrame, *, name: str, filters: Filters, model: Model, label: str = "Download CSV"
) -> None:
    """A download button for `frame` as shown, in full (no row cap)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    st.download_button(
        label,
        data=safe_csv(frame, comments=view_comments(filters, data_as_of(model))),
        file_name=f"tandem-{slug}-{filters.start.isoformat()}-{filters.end.isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"download-{slug}",
        on_click="ignore",
    )
