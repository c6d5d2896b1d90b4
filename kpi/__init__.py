"""Tandem's KPI engine: pure polars over the canonical tables. Never imports streamlit."""
