"""Definitions: the KPI catalog, so both teams read a number the same way."""

import streamlit as st

from ui import definitions, download, page

context = page.start("Definitions")
st.caption(
    "Every KPI Tandem shows, as computed. Rates are ratios of sums at every grain; "
    "conversion rates follow the cohort of MQLs created in the period."
)
table = definitions.catalog_frame()
st.dataframe(table, hide_index=True, width="stretch")
download.csv_button(
    table, name="kpi definitions", filters=context.filters, model=context.loaded.model
)
