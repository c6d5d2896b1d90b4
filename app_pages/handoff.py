"""Hand-off: how fast sales picks up MQLs, SLA by rep and region, and who is waiting."""

import streamlit as st

from ui import charts, download, formatting, page, tables

context = page.start("Hand-off")
view, views, model = context.filters, context.views, context.loaded.model

speed = views.speed_to_lead(view)
median, p90, touched = st.columns(3)
median.metric("Median speed to lead", formatting.value(speed.median_hours, "hours"), border=True)
p90.metric("90th percentile", formatting.value(speed.p90_hours, "hours"), border=True)
touched.metric("MQLs touched", formatting.value(float(speed.touched), "count"), border=True)
if speed.hours.is_empty():
    st.info("No MQL of this view has had a first touch yet.")
else:
    st.altair_chart(
        charts.speed_histogram(speed.hours, view.sla_hours, speed.p90_hours), width="stretch"
    )
download.csv_button(speed.hours, name="speed to lead", filters=view, model=model)

by_rep, by_region = st.columns(2)
with by_rep:
    st.subheader("SLA by rep")
    reps = views.sla_by(view, "owner")
    tables.with_download(reps, name="sla by rep", filters=view, model=model)
with by_region:
    st.subheader("SLA by region")
    regions = views.sla_by(view, "region")
    tables.with_download(regions, name="sla by region", filters=view, model=model)

st.subheader(f"Unworked MQLs (no touch after {view.sla_hours:g} h)")
unworked = views.unworked(view)
tables.with_download(
    unworked,
    name="unworked mqls",
    filters=view,
    model=model,
    empty="Every MQL of this view was touched or is still inside its SLA.",
    good_when_empty=True,
)
