"""Tandem's connectors: sources into canonical tables. Never imports streamlit."""
