"""Overview: Marketing and Sales side by side, the hand-off, one shared trend."""

import streamlit as st

from kpi.catalog import BY_ID
from ui import charts, download, page, pickers, tables, tiles

CAMPAIGN_KPIS = ("spend", "leads", "mqls", "cost_per_mql", "accepted_leads", "acceptance_rate")

context = page.start("Overview")
view, views = context.filters, context.views
table = views.kpi_table(view)

tiles.department_columns(table)
tiles.alignment_strip(table)

st.subheader("Trend")
left, right = st.columns(2)
with left:
    marketing_kpi = pickers.kpi(
        "Marketing KPI", pickers.MARKETING_TREND, "mqls", key="trend_marketing"
    )
with right:
    sales_kpi = pickers.kpi("Sales KPI", pickers.SALES_TREND, "won_revenue", key="trend_sales")
series = views.series(view, (marketing_kpi, sales_kpi))
events = views.events(view)
if series.filter(series["value"].is_not_null()).is_empty():
    st.info("No activity in this view to draw a trend from.")
else:
    labels = {marketing_kpi: BY_ID[marketing_kpi].label, sales_kpi: BY_ID[sales_kpi].label}
    st.altair_chart(charts.trend(series, events, labels), width="stretch")
download.csv_button(
    series,
    name="trend",
    filters=view,
    model=context.loaded.model,
    label="Download trend data (CSV)",
)

st.subheader("Campaigns")
campaigns = views.breakdown(view, "campaign", CAMPAIGN_KPIS)
tables.with_download(
    campaigns,
    name="campaigns",
    filters=view,
    model=context.loaded.model,
    empty="No campaign had spend or leads in this view.",
)

with st.expander("Every KPI in this view"):
    st.dataframe(table.drop("better"), hide_index=True, width="stretch")
download.csv_button(
    table,
    name="kpi table",
    filters=view,
    model=context.loaded.model,
    label="Download KPI table (CSV)",
)
