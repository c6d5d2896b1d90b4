"""Hand-off: how fast sales picks up MQLs, SLA by rep and region, and who is waiting."""

import streamlit as st

from present import cells, charts, compare, wording
from ui import download, page, tables, tiles, trend

HANDOFF_TILES = ("sla_met_rate", "speed_to_lead_hours", "unworked_mqls", "acceptance_rate")

context = page.start("Hand-off")
view, views, model = context.filters, context.views, context.loaded.model
look = cells.ViewFormat.of(model)

tiles.style()
tiles.row_of(views.kpi_table(view), HANDOFF_TILES, look)

with page.section(context, "Speed to lead"):
    speed = views.speed_to_lead(view)
    earlier = compare.comparison_view(view)
    if speed.reason is not None:  # unknown, not "none yet": the data cannot say
        st.info(f"Speed to lead is unknown here ({speed.reason}).")
    elif speed.bars.is_empty():
        st.info("No MQL of this view has had a first touch yet.")
    else:
        histogram = charts.speed_histogram(speed.bars, view.sla_hours, speed.p90_hours)
        st.altair_chart(charts.titled(histogram, "Speed to lead", context.stamp), width="stretch")
        before = views.speed_to_lead(earlier) if earlier else None
        st.caption(wording.spread(speed, before, look))
    if note := wording.download_capped(speed.note):
        st.caption(note)
    download.buttons(speed.hours, name="speed to lead", filters=view, model=model)

with page.section(context, "Trend"):
    trend.show(
        views, view, wording.HANDOFF_TREND, look, last_day=model.last_day, stamp=context.stamp
    )

for by, title in (("owner", "SLA by rep"), ("region", "SLA by region")):
    with page.section(context, title):
        tables.with_download(
            compare.sla_compared(views, view, by),
            name=title.lower(),
            filters=view,
            model=model,
        )
st.caption(wording.DUE)

with page.section(context, f"Unworked MQLs (no touch after {view.sla_hours:g} h)"):
    unworked = views.unworked(view)
    if note := wording.capped(unworked.note):
        st.caption(note)
    tables.with_download(
        compare.unworked_in_days(unworked.rows),
        name="unworked mqls",
        filters=view,
        model=model,
        empty="Every MQL of this view was touched or is still inside its SLA.",
        good_when_empty=True,
    )
