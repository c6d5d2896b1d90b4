"""A launch brief as a card: what both teams agreed to work from."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.formatting import escape_markdown

NONE = "—"


def card(brief: dict[str, Any]) -> None:
    ends = f"{brief['end_date']:%d %b %Y}" if brief["end_date"] else "ongoing"
    lines = [
        f"**{escape_markdown(brief['name'])}** · {escape_markdown(brief['category'] or NONE)}",
        f"{brief['launch_date']:%d %b %Y} to {ends}",
        f"**Audience:** {escape_markdown(brief['target_audience'] or NONE)}",
        f"**Regions:** {escape_markdown(brief['regions'] or NONE)}",
        f"**Channels:** {escape_markdown(brief['channels'] or NONE)}",
        f"**Owners:** marketing {escape_markdown(brief['marketing_owner'] or NONE)}, "
        f"sales {escape_markdown(brief['sales_owner'] or NONE)}",
        escape_markdown(brief["brief"] or "No brief written yet."),
    ]
    with st.container(border=True, height="stretch"):
        st.markdown("  \n".join(lines))
