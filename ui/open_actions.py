"""Open actions under the hand-off strip: what the teams agreed to do, who does it, by
when, the overdue ones marked first (docs/architecture.md, "Notes on charts").

What people wrote is shown as text. Done or removed actions are not open; the
Launches page keeps every action in its launch's log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import streamlit as st

import notes
from ui import notes as notes_ui
from ui.formatting import escape_markdown, literal

SHOWN = 5  # the strip stays short; the rest are in the launches' logs


def line(action: notes.Entry, today: date, names: Mapping[str, str]) -> str:
    """One action as markdown: overdue or open, owner, due date, launch, text."""
    status = ":red-badge[Overdue]" if action.overdue(today) else ":gray-badge[Open]"
    due = f"due {action.due:%d %b %Y}" if action.due else "no due date"
    owner = literal(action.owner or "no owner")
    launch = literal(names.get(action.launch_id, action.launch_id))
    text = literal(action.text, limit=len(action.text) + 1)  # addresses in it stay text
    return f"{status} **{owner}** · {due} · {launch}: {text}"


def summary(actions: Sequence[notes.Entry], today: date) -> str:
    overdue = sum(action.overdue(today) for action in actions)
    text = f"**Open actions** · {len(actions)} open"
    return text + (f", :red[**{overdue} overdue**]" if overdue else "")


def draw(
    actions: Sequence[notes.Entry], names: Mapping[str, str], *, today: date | None = None
) -> None:
    """The view's launches' open actions, soonest due first (overdue ones lead)."""
    today = today or date.today()
    with st.container(border=True, key="open-actions"):
        st.markdown(summary(actions, today))
        if why := notes_ui.problem():  # the actions as last read, or none
            st.caption(escape_markdown(why))
        if not actions:
            st.caption("None for these launches. Add one with “Add a note” in the sidebar.")
            return
        for action in actions[:SHOWN]:
            st.markdown(line(action, today, names))
        if len(actions) > SHOWN:
            st.caption(f"And {len(actions) - SHOWN} more in the launches' logs (Launches page).")
