"""A session's uploads: staged, used, and set aside again (docs/architecture.md, "Uploads").

Using uploaded files is a view of its own: on the demo brand they are the whole data,
beside configured sources they add to them (`ui.data.uploads_replace`). Either way the
view jumps to the files' dates with every launch shown, and "Back to the shared data"
restores the view that was in force before. A shared link never carries the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

import connectors
from connectors import SourceRead
from connectors.sources import warehouse
from contract.dataset import Dataset
from kpi.dimensions import registry
from kpi.filters import Period
from kpi.model import prepare
from kpi.periods import data_through, span
from ui import data, periods, upload_cache
from ui.data import Loaded

Staged = tuple[str, str, bytes, SourceRead]  # file name, sha256, bytes, what was read
SHARED_VIEW = "view_before_uploads"  # session: the shared data's view, to go back to
JUST_USED = "uploads_just_used"  # session: what the Data page says once after "Use"


@dataclass(frozen=True)
class SharedView:
    """The view in force on the shared data when uploads were put to use."""

    period: Period | None
    choices: dict[str, list[str]]  # each dimension's widget key → its chosen values


def stage(files: Sequence[object]) -> list[Staged]:
    """Read each uploaded file (cached by content): name, digest, bytes and what was found."""
    staged = []
    for file in files:
        name = str(getattr(file, "name", "upload"))
        content = file.getvalue()  # type: ignore[attr-defined]
        digest = hashlib.sha256(content).hexdigest()
        staged.append((name, digest, content, upload_cache.upload_read(name, digest, content)))
    return staged


def refused(staged: Sequence[Staged], shared: Sequence[SourceRead]) -> dict[str, str]:
    """The staged files that cannot be used beside the shared data, by name, and why.

    A warehouse holds the fact tables where they are (docs/architecture.md, "Engines"):
    beside it an upload may add planning tables only. A file giving leads or orders
    would make the whole model fail (compose/model.py `warehouse_of`); it is refused
    here instead, by name, before it is used.
    """
    store = next((r.name for r in shared if r.kind == "warehouse" and not r.health.error), None)
    if store is None:
        return {}
    found = {}
    for name, *_, read in staged:
        giving = [table for table in warehouse.FACTS if read.tables[table].height]
        if giving:
            found[name] = (
                f"{name} gives {', '.join(giving)} rows, which the warehouse source {store} "
                "holds: beside a warehouse, an upload may add launches, targets and events "
                "only. This file is not used."
            )
    return found


def usable(staged: Sequence[Staged], shared: Sequence[SourceRead]) -> list[Staged]:
    """The staged files that can be used: read without an error, and not refused."""
    out = refused(staged, shared)
    return [file for file in staged if not file[3].health.error and file[0] not in out]


def files_span(reads: Sequence[SourceRead]) -> Period | None:
    """The first and last day with activity in these files alone (None: no dated rows).

    Composed as the app composes any data (connectors, then the model), once, when the
    files are put to use.
    """
    model = prepare(Dataset.from_frames(connectors.combine(list(reads))))
    last = data_through(model)
    return None if last is None else Period(model.first_day, last)


def use(staged: Sequence[Staged], loaded: Loaded) -> None:
    """ "Use these files" (a button's callback, so it may set the filters' widgets).

    The understood files become this session's uploads; the view moves to their dates
    (the default period, anchored on their last day and not before their first) and to
    every launch, so what they hold is on screen; the view before is kept to go back to.
    """
    kept = [(name, digest, blob) for name, digest, blob, _ in usable(staged, loaded.shared)]
    if not kept:
        return
    if SHARED_VIEW not in st.session_state:  # from uploads to other uploads: keep the first
        st.session_state[SHARED_VIEW] = SharedView(
            periods.in_url(loaded.model),
            {d.key: list(st.session_state.get(d.key) or ()) for d in registry()},
        )
    st.session_state[upload_cache.UPLOAD_BYTES] = {digest: content for _, digest, content in kept}
    st.session_state[upload_cache.APPLIED_UPLOADS] = [(name, digest) for name, digest, _ in kept]
    found = files_span([read for *_, read in usable(staged, loaded.shared)])
    if found is not None:
        periods.jump_to(found)
    for dimension in registry():
        st.session_state[dimension.key] = []
    mode = "on their own" if loaded.uploads_replace else "added to the shared data"
    dates = f", {span(found)}" if found else ""
    said = f"Showing {len(kept)} uploaded file(s) {mode}{dates}, every launch."
    st.session_state[JUST_USED] = said


def back_to_shared() -> None:
    """ "Back to the shared data": the uploads set aside, the view before them restored."""
    st.session_state.pop(upload_cache.UPLOAD_BYTES, None)
    st.session_state.pop(upload_cache.APPLIED_UPLOADS, None)
    st.session_state.pop(JUST_USED, None)
    before = st.session_state.pop(SHARED_VIEW, None)
    if not isinstance(before, SharedView):
        return
    periods.restore(before.period)
    for key, values in before.choices.items():
        st.session_state[key] = values


def notice(loaded: Loaded) -> str | None:
    """What the sidebar and the share popover say while uploads are in use."""
    if not loaded.uploads:
        return None
    count = len(loaded.uploads)
    if loaded.uploads_replace:
        what = f"only the {count} uploaded file(s), not {data.shared_label(loaded.shared)}"
    else:
        what = f"{data.shared_label(loaded.shared)} plus {count} uploaded file(s)"
    return f"This session shows {what}."


def share_warning(loaded: Loaded) -> str | None:
    """Why a colleague opening the link sees other numbers: it does not carry the files."""
    if not loaded.uploads:
        return None
    return (
        f"This link does not carry your {len(loaded.uploads)} uploaded file(s): colleagues "
        f"who open it see {data.shared_label(loaded.shared)} only, so their numbers will "
        "differ from yours."
    )


def draw_sidebar(loaded: Loaded) -> None:
    """While uploads are in use: what the session shows, and the way back."""
    said = notice(loaded)
    if said is None:
        return
    st.sidebar.info(said, icon=":material/upload_file:")
    st.sidebar.button(
        "Back to the shared data",
        icon=":material/undo:",
        on_click=back_to_shared,
        key="uploads_back_sidebar",
        width="stretch",
    )
