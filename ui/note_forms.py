"""Writing notes: the sidebar's "Add a note" for the current launch and period, and the
author's Edit and Remove on the Launches page (docs/architecture.md, "Notes and saved views").

Every change goes through `ui.notes.write`, which signs it with the current author; the
notes service refuses a change by anyone else, whatever the page shows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import streamlit as st

import notes
from kpi.filters import Filters
from kpi.model import Model
from present.formatting import escape_markdown
from ui import filters
from ui import notes as notes_ui

DUE_IN_DAYS = 7  # an action's default due date: a week from today
PLACEHOLDERS = {
    "note": "Influencer post slipped a week",
    "decision": "Salon event leads go to the pro team first",
    "action": "Sales calls back the salon event leads by Friday",
}
_FLASH = "notes_flash"  # session key: what the last change did, shown after its rerun
_ADD_FORM = "notes_add_form"  # session key: a new number gives an empty form after adding


def launch_names(model: Model) -> dict[str, str]:
    names = dict(model.dataset.launches.select("launch_id", "name").iter_rows())
    return {launch_id: names.get(launch_id, launch_id) for launch_id in model.launch_ids()}


def _dates(value: Any) -> tuple[date, date | None] | None:
    """A date input's value (one date, a range, or a range still being picked)."""
    picked = [d for d in (value if isinstance(value, (tuple, list)) else [value]) if d]
    return (picked[0], picked[-1]) if picked else None


def _done(message: str) -> None:
    st.session_state[_FLASH] = message
    st.rerun()


def draw_add(model: Model) -> None:
    """The sidebar's "Add a note": a note, decision or action for the current launch and period."""
    if message := st.session_state.pop(_FLASH, None):
        st.toast(message, icon=":material/check:")
    view: Filters = filters.current(model)
    names = launch_names(model)
    launches = list(names)
    chosen = next((i for i, launch in enumerate(launches) if launch in view.launches), 0)
    with st.sidebar.popover("Add a note", icon=":material/edit_note:", width="stretch"):
        why = notes_ui.problem()
        if why:
            st.warning(why, icon=":material/edit_off:")
        st.caption(f"Written as {escape_markdown(notes_ui.author())}")
        kind = st.segmented_control(
            "Kind", notes.KINDS, default="note", format_func=str.capitalize, key="notes_kind"
        )
        kind = kind or "note"
        form = st.session_state.setdefault(_ADD_FORM, 0)
        with st.form(f"notes_add_{form}", border=False):
            launch = st.selectbox("Launch", launches, index=chosen, format_func=names.__getitem__)
            dates = st.date_input("Dates", value=(view.start, view.end), format="YYYY-MM-DD")
            text = st.text_area("Text", max_chars=notes.MAX_TEXT, placeholder=PLACEHOLDERS[kind])
            owner, due = _action_fields(kind, None, date.today() + timedelta(days=DUE_IN_DAYS))
            submitted = st.form_submit_button(
                f"Add {kind}", type="primary", disabled=why is not None
            )
        if submitted:
            picked = _dates(dates)
            if picked is None:
                st.error("Not saved: choose the dates.")
                return
            draft = notes.Draft(kind, launch, *picked, text=text, owner=owner, due=due)
            if notes_ui.write(notes.add, draft) is not None:
                st.session_state[_ADD_FORM] = form + 1
                _done(f"{kind.capitalize()} added to {names[launch]}")


def _action_fields(
    kind: str, owner: str | None, due: date | None
) -> tuple[str | None, date | None]:
    if kind != "action":
        return None, None
    owner = st.text_input("Owner", value=owner or "", placeholder="Sales")
    picked = st.date_input("Due", value=due, format="YYYY-MM-DD")
    return owner, picked if isinstance(picked, date) else None


def draw_edit(entry: notes.Entry, read_only: bool) -> None:
    """The author's Edit: new dates, text (and owner, due date, done for an action)."""
    with st.popover("Edit", icon=":material/edit:"):
        # The key has the revision: after an edit the form opens on the new version.
        with st.form(f"notes_edit_{entry.id}_{entry.revision}", border=False):
            dates = st.date_input("Dates", value=(entry.start, entry.end), format="YYYY-MM-DD")
            text = st.text_area("Text", value=entry.text, max_chars=notes.MAX_TEXT)
            owner, due = _action_fields(entry.kind, entry.owner, entry.due)
            done = st.checkbox("Done", value=entry.done) if entry.kind == "action" else False
            saved = st.form_submit_button("Save changes", type="primary", disabled=read_only)
        picked = _dates(dates)
        if saved and picked is not None:
            start, end = picked
            draft = replace(
                entry.draft(), start=start, end=end, text=text, owner=owner, due=due, done=done
            )
            if notes_ui.write(notes.edit, entry.id, draft) is not None:
                _done(f"{entry.kind.capitalize()} saved; the earlier text is in its history")


def draw_remove(entry: notes.Entry, read_only: bool) -> None:
    with st.popover("Remove", icon=":material/delete:"):
        st.caption("It leaves the log; what it said stays in its history.")
        if (
            st.button(
                f"Remove this {entry.kind}", key=f"notes_remove_{entry.id}", disabled=read_only
            )
            and notes_ui.write(notes.remove, entry.id) is not None
        ):
            _done(f"{entry.kind.capitalize()} removed; it stays in the history")
