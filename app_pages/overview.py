"""Overview: the meeting's headline, Marketing and Sales side by side, the hand-off, one trend."""

import streamlit as st

from kpi.catalog import CATALOG
from present import cells
from present.link import DEFAULT_TREND, MARKETING_TREND, SALES_TREND
from ui import download, open_actions, page, pickers, tables, tiles, trend
from ui import notes as notes_ui

CAMPAIGN_KPIS = ("spend", "leads", "mqls", "cost_per_mql", "accepted_leads", "acceptance_rate")
KPI_TABLE_COLUMNS = (
    "label",
    "value",
    "comparison",
    "delta",
    "delta_pct",
    "expected_to_date",
    "status",
    "note",
)

context = page.start("Overview")
view, views, model = context.filters, context.views, context.loaded.model
look = cells.ViewFormat.of(model)
table = views.kpi_table(view)

tiles.style()
tiles.headline(table, view, look)
tiles.department_columns(table, look)
tiles.alignment_strip(table, look)
open_actions.draw(notes_ui.open_actions(view), look.launch_names)

with page.section(context, "Trend"):
    left, right = st.columns(2)
    with left:
        marketing_kpi = pickers.kpi(
            "Marketing KPI", MARKETING_TREND, DEFAULT_TREND[0], key="trend_marketing"
        )
    with right:
        sales_kpi = pickers.kpi("Sales KPI", SALES_TREND, DEFAULT_TREND[1], key="trend_sales")
    series = trend.show(
        views, view, (marketing_kpi, sales_kpi), look, last_day=model.last_day, stamp=context.stamp
    )
    download.buttons(
        series, name="trend", filters=view, model=model, label="Download trend data (CSV)"
    )

with page.section(context, "Campaigns"):
    campaigns = views.breakdown(view, "campaign", CAMPAIGN_KPIS)
    tables.with_download(
        campaigns,
        name="campaigns",
        filters=view,
        model=model,
        empty="No campaign had spend or leads in this view.",
    )

with st.expander(f"Every KPI in this view ({len(CATALOG)})"):
    tables.show(table, model=model, columns=KPI_TABLE_COLUMNS)
download.buttons(
    table, name="kpi table", filters=view, model=model, label="Download KPI table (CSV)"
)
