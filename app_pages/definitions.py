"""Definitions: the KPI catalog, so both teams read a number the same way."""

import streamlit as st

from ui import definitions, download, page, tables

context = page.start("Definitions")
view, model = context.filters, context.loaded.model
st.caption(
    "Every KPI Tandem shows, as computed. Rates are ratios of sums at every grain; "
    "conversion rates follow the cohort of MQLs created in the period."
)
definitions.draw_engine_differences(model)
table = definitions.catalog_frame()
tables.show(table, model=model)
download.buttons(table, name="kpi definitions", filters=view, model=model)
