"""A launch brief as a card: what both teams agreed to work from, and its targets' progress."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from kpi.filters import Filters
from kpi.model import Model
from present import formatting
from present.cells import ViewFormat, humanised
from present.formatting import literal
from ui.notes_log import as_text

NONE = "—"
FIELD_CHARS = 300  # a brief's one-line fields (audience, regions, owners) shown up to this
STATUS_COLOURS = {"ahead": "green", "on track": "blue", "behind": "red"}


def target_view(model: Model, launch_id: str, view: Filters) -> Filters | None:
    """The launch over the whole span of its own targets (None: it has none)."""
    rows = model.dataset.targets.filter(pl.col("launch_id") == launch_id)
    if rows.is_empty():
        return None
    return Filters(
        start=rows["period_start"].min(),  # type: ignore[arg-type]
        end=rows["period_end"].max(),  # type: ignore[arg-type]
        launches=(launch_id,),
        compare="none",
        sla_hours=view.sla_hours,
    )


def _channels(listed: str | None) -> str:
    return ", ".join(humanised(c.strip()) for c in listed.split(",")) if listed else NONE


def _text(brief: dict[str, Any]) -> str:
    ends = f"{brief['end_date']:%d %b %Y}" if brief["end_date"] else "ongoing"
    lines = [
        f"**{literal(brief['name'])}** · {literal(brief['category'] or NONE, limit=FIELD_CHARS)}",
        f"{brief['launch_date']:%d %b %Y} to {ends}",
        f"**Audience:** {literal(brief['target_audience'] or NONE, limit=FIELD_CHARS)}",
        f"**Regions:** {literal(brief['regions'] or NONE, limit=FIELD_CHARS)}",
        f"**Channels:** {literal(_channels(brief['channels']), limit=FIELD_CHARS)}",
        f"**Owners:** marketing {literal(brief['marketing_owner'] or NONE, limit=FIELD_CHARS)}, "
        f"sales {literal(brief['sales_owner'] or NONE, limit=FIELD_CHARS)}",
        as_text(brief["brief"] or "No brief written yet."),
    ]
    return "  \n".join(lines)


def progress_lines(table: pl.DataFrame, look: ViewFormat) -> list[tuple[float, str]]:
    """Each targeted KPI as (share of the whole target reached, the sentence beside the bar)."""
    lines = []
    for row in table.filter(pl.col("target").is_not_null()).iter_rows(named=True):
        value, target, unit = row["value"], row["target"], str(row["unit"])
        if not isinstance(value, float) or not target:
            continue
        status = str(row["status"])
        shown = formatting.value(value, unit, look.currency)
        goal = formatting.value(target, unit, look.currency)
        text = f"**{row['label']}** {shown} of {goal} ({formatting.percent(value / target)})"
        expected = row["expected_to_date"]
        if isinstance(expected, float) and status in STATUS_COLOURS:
            by_now = formatting.value(expected, unit, look.currency)
            text += f" · :{STATUS_COLOURS[status]}[{status}], {by_now} expected by now"
        lines.append((min(max(value / target, 0.0), 1.0), text))
    return lines


def card(brief: dict[str, Any], progress: list[tuple[float, str]], span: Filters | None) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(_text(brief))
        if span is None or not progress:
            st.caption("No targets set for this launch.")
            return
        st.caption(f"Targets from {span.start:%d %b %Y} to {span.end:%d %b %Y}")
        for share, text in progress:
            st.progress(share, text=text)
