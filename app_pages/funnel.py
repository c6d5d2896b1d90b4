"""Funnel: one cohort of leads followed to today, beside the Overview's counts of the period."""

import streamlit as st

from present import cells, charts, compare, wording
from ui import page, tables, trend

context = page.start("Funnel")
view, views, model = context.filters, context.views, context.loaded.model
look = cells.ViewFormat.of(model)

with page.section(context):
    summary = compare.funnel_summary(views, view)
    st.markdown(wording.cohort(view, model.last_day, summary))
    tables.with_download(
        summary,
        name="funnel",
        filters=view,
        model=model,
        help_text=wording.FUNNEL_HELP,
    )
    st.caption(wording.RATES_APART)
    if note := wording.won_without_cohort(summary, views.kpi_table(view), look):
        st.info(note)

with page.section(context, "Trend"):
    trend.show(
        views, view, wording.FUNNEL_TREND, look, last_day=model.last_day, stamp=context.stamp
    )

with page.section(context, "By launch or channel"):
    by = st.segmented_control(
        "Split by", ["launch", "channel"], default="launch", key="funnel_by", bind="query-params"
    )
    stages = views.funnel(view, by)
    if stages.filter(stages["count"] > 0).is_empty():
        st.info("No leads were created in this view, so there is no funnel to show.")
    else:
        chart = charts.funnel(stages, look)
        st.altair_chart(charts.titled(chart, f"Funnel by {by}", context.stamp), width="stretch")
        tables.with_download(
            compare.funnel_by_group(stages), name=f"funnel by {by}", filters=view, model=model
        )

with page.section(context, "Why MQLs are rejected"):
    reasons = views.rejections(view)
    tables.with_download(
        reasons,
        name="rejection reasons",
        filters=view,
        model=model,
        empty="No MQL of this view was rejected.",
    )
