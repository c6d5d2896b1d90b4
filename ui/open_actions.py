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
from present import actions as action_words
from present.formatting import escape_markdown, inert, literal
from ui import notes as notes_ui

SHOWN = 5  # the strip stays short; the rest are in the launches' logs


def line(action: notes.Entry, today: date, names: Mapping[str, str]) -> str:
    """One action as markdown: overdue or open, owner, due date, launch, text."""
    said = action_words.words(action, today, names)
    status = ":red-badge[Overdue]" if said.status == action_words.OVERDUE else ":gray-badge[Open]"
    owner, launch = literal(said.owner), literal(said.launch)
    return (
        f"{status} **{owner}** · {said.due} · {launch}: {inert(said.text)}"  # addresses stay text
    )


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
