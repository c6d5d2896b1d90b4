"""Funnel: leads → MQL → accepted → SQL → won, where leads leak, and why they are rejected."""

import streamlit as st

from ui import charts, page, tables

context = page.start("Funnel")
view, views, model = context.filters, context.views, context.loaded.model

by = st.segmented_control(
    "Split by", ["launch", "channel"], default="launch", key="funnel_by", bind="query-params"
)
stages = views.funnel(view, by)
if stages.filter(stages["count"] > 0).is_empty():
    st.info("No leads were created in this view, so there is no funnel to show.")
else:
    st.altair_chart(charts.funnel(stages), width="content")
tables.with_download(stages, name="funnel", filters=view, model=model)

st.subheader("Why MQLs are rejected")
reasons = views.rejections(view)
tables.with_download(
    reasons,
    name="rejection reasons",
    filters=view,
    model=model,
    empty="No MQL of this view was rejected.",
)
