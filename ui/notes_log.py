"""Each launch's log on the Launches page: its notes, decisions and actions, newest first,
with author, kind, dates, each one's history, and Edit and Remove for its author
(docs/architecture.md, "Notes and saved views"). Everything people wrote is shown as text.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import notes
from kpi.filters import Filters
from kpi.model import Model
from present.formatting import literal
from ui import note_forms
from ui import notes as notes_ui


def days(start: date, end: date) -> str:
    return f"{start:%d %b %Y}" if start == end else f"{start:%d %b %Y} to {end:%d %b %Y}"


def as_text(written: str) -> str:
    """What someone wrote, as markdown that shows it literally, line breaks kept.

    Each line goes through `literal` whole (no link, image, address or styling from it);
    escaping alone is not enough, as the markdown still links a bare web address.
    """
    return "  \n".join(literal(line, limit=len(line) + 1) for line in written.splitlines())


def action_status(entry: notes.Entry, today: date) -> str:
    if entry.done:
        return "done"
    return "overdue" if entry.overdue(today) else "open"


def draw(model: Model, view: Filters) -> None:
    st.subheader("Notes, decisions and actions")
    st.caption(
        "Each launch's log, newest first. Add one with “Add a note” in the sidebar. Only its "
        "author edits or removes an entry, and every earlier text stays in its history."
    )
    notes_ui.notice()
    logged = notes_ui.read(notes.entries, launches=view.launches, include_removed=True) or []
    if not logged:
        st.info("Nothing written yet for these launches.")
        return
    earlier = notes_ui.read(notes.histories, tuple(e.id for e in logged)) or {}
    names = note_forms.launch_names(model)
    me, read_only = notes_ui.author(), notes_ui.problem() is not None
    for launch_id in sorted({e.launch_id for e in logged}, key=lambda i: names.get(i, i)):
        of_launch = sorted(
            (e for e in logged if e.launch_id == launch_id),
            key=lambda e: (e.start, e.id),
            reverse=True,
        )
        st.markdown(f"#### {literal(names.get(launch_id, launch_id))}")
        for entry in (e for e in of_launch if e.removed_at is None):
            _card(entry, earlier.get(entry.id, []), mine=entry.author == me, read_only=read_only)
        removed = [e for e in of_launch if e.removed_at is not None]
        if removed:
            with st.expander(f"Removed ({len(removed)})"):
                for entry in removed:
                    _card(entry, earlier.get(entry.id, []), mine=False, read_only=True)


def _card(entry: notes.Entry, earlier: list[notes.Version], *, mine: bool, read_only: bool) -> None:
    with st.container(border=True, key=f"notes_entry_{entry.id}"):
        said = [f"**{entry.kind.capitalize()}**", days(entry.start, entry.end)]
        said.append(literal(entry.author))
        if entry.removed_at is not None:
            said.append(f"removed {entry.removed_at:%d %b %Y %H:%M} UTC")
        elif entry.edited:
            said.append("edited")
        st.markdown(" · ".join(said))
        st.markdown(as_text(entry.text))
        if entry.kind == "action":
            st.caption(
                f"Owner: {literal(entry.owner or '')} · due "
                f"{entry.due:%d %b %Y} · {action_status(entry, date.today())}"
            )
        with st.container(horizontal=True):
            if mine and entry.removed_at is None:
                note_forms.draw_edit(entry, read_only)
                note_forms.draw_remove(entry, read_only)
            if earlier:
                _history(entry, earlier)


def _history(entry: notes.Entry, earlier: list[notes.Version]) -> None:
    with st.popover(f"History ({len(earlier)})", icon=":material/history:"):
        for version in reversed(earlier):
            st.markdown(
                f"**Version {version.revision}** · {days(version.start, version.end)} · "
                f"{version.change} by {literal(version.changed_by)} "
                f"on {version.changed_at:%d %b %Y %H:%M} UTC"
            )
            st.markdown(as_text(version.text))
            if entry.kind == "action":
                st.caption(
                    f"Owner: {literal(version.owner or '')} · due {version.due} · "
                    f"{'done' if version.done else 'not done'}"
                )
