"""Overview: Marketing and Sales side by side for the chosen launch and period."""

import streamlit as st

from ui import data, download, filters, tiles

loaded = data.load()
view = filters.current(loaded.model)
st.title("Overview")
table = data.kpi_table(view)
tiles.department_columns(table)
download.csv_button(
    table, name="kpi table", filters=view, model=loaded.model, label="Download KPI table (CSV)"
)
