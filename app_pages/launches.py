"""Launches: launches compared from their Day 0, and the briefs both teams work from."""

import polars as pl
import streamlit as st

from kpi.catalog import BY_ID
from kpi.launch_relative import RELATIVE_KPIS
from present import cells, charts, note_marks
from present.link import DEFAULT_RELATIVE_DAYS, DEFAULT_RELATIVE_KPI, RELATIVE_DAY_RANGE
from ui import briefs, download, notes_log, page, pickers
from ui import notes as notes_ui

context = page.start("Launches")
view, views, model = context.filters, context.views, context.loaded.model
look = cells.ViewFormat.of(model)
launches = model.dataset.launches.sort("launch_date")
chosen = launches.filter(pl.col("launch_id").is_in(view.launches)) if view.launches else launches

with page.section(context, "Since launch"):
    st.caption(
        "Day 0 is each launch's date; the period filter does not apply here, the day range "
        "does. With launches chosen, the others stay as grey lines to compare with."
    )
    left, right = st.columns([2, 1])
    with left:
        kpi_id = pickers.kpi("KPI", RELATIVE_KPIS, DEFAULT_RELATIVE_KPI, key="relative_kpi")
    first_day, last_day = right.slider(
        "Days around launch",
        *RELATIVE_DAY_RANGE,
        DEFAULT_RELATIVE_DAYS,
        key="relative_days",
        bind="query-params",
    )
    # Every launch, so the ones not chosen can stay behind the chosen ones as benchmarks.
    series = views.launch_relative(view.narrowed(launches=()), kpi_id, (first_day, last_day))
    if series.filter(pl.col("value").is_not_null()).is_empty():
        st.info("None of the launches has data in this day range.")
    else:
        launch_dates = dict(launches.select("launch_id", "launch_date").iter_rows())
        days = (first_day, last_day)
        markers = notes_ui.markers(note_marks.overlay_view(view, launch_dates, days))
        notes = note_marks.launch_overlay(markers, launch_dates, days, look.launch_names)
        chart = charts.launch_relative(series, BY_ID[kpi_id].label, view.launches, notes)
        title = f"{BY_ID[kpi_id].label} since launch"
        st.altair_chart(charts.titled(chart, title, context.stamp), width="stretch")
    download.buttons(
        series.with_columns(kpi=pl.lit(kpi_id)),
        name="since launch",
        filters=view,
        model=model,
        label="Download since-launch data (CSV)",
    )

st.subheader("Launch briefs and their targets")
if chosen.is_empty():
    st.info("No launch brief for this selection.")
columns = st.columns(3)
for index, brief in enumerate(chosen.iter_rows(named=True)):
    span = briefs.target_view(model, brief["launch_id"], view)
    progress = briefs.progress_lines(views.kpi_table(span), look) if span else []
    with columns[index % 3]:
        briefs.card(brief, progress, span)
download.buttons(chosen, name="launch briefs", filters=view, model=model)

notes_log.draw(model, view)
