"""Notes, decisions, actions and saved views in the app: the notes database opened once per
server from the secrets, who is writing, and the notes the pages, charts and the hand-off
strip read (docs/architecture.md, "Notes and saved views").

The database URL comes from `[database] url` in the secrets (default: the SQLite file
under .tandem/); its cache key is a digest, so the URL and its password are never a key,
a message or a log line. When the database cannot be reached, notes are read-only: pages
show the notes as last read by this server and say why, and the KPIs are not affected.
After a failure the database is tried again only after RETRY_SECONDS, so an unreachable
server costs a page one connect timeout, not one per read.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import polars as pl
import streamlit as st

import notes
from kpi.filters import Filters
from present import note_marks
from ui import auth

T = TypeVar("T")
RETRY_SECONDS = 30
LAST_GOOD_READS = 256  # reads kept to show while the database is away (small values)

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_down: dict[str, tuple[float, str]] = {}  # database digest → (retry after, why)
_last_good: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def author() -> str:
    """Who writes now: the signed-in e-mail, or "unsigned" in open access."""
    return auth.signed_in_email() or notes.UNSIGNED


def _configured() -> tuple[str, str]:
    """The database URL from the secrets and its digest (the only form used as a key)."""
    try:
        section = st.secrets.get("database")
    except (FileNotFoundError, KeyError, OSError):
        section = None
    url = notes.configured_url(section if isinstance(section, Mapping) else None)
    return url, hashlib.sha256(url.encode()).hexdigest()[:16]


@st.cache_resource(show_spinner=False, max_entries=8)
def _open(digest: str, _url: str) -> notes.Database:
    return notes.connect(_url)


def _went_down(digest: str, error: notes.NotesError) -> None:
    _log.warning("notes are read-only: %s", error)  # the message names no credential
    with _lock:
        _down[digest] = (time.monotonic() + RETRY_SECONDS, str(error))


def database() -> notes.Database | None:
    """The open notes database, or None while it cannot be reached (see `problem`)."""
    url, digest = _configured()
    retry_after, _ = _down.get(digest, (0.0, ""))
    if time.monotonic() < retry_after:
        return None
    try:
        opened = _open(digest, url)
    except notes.NotesError as exc:
        _went_down(digest, exc)
        return None
    with _lock:
        _down.pop(digest, None)
    return opened


def problem() -> str | None:
    """Why notes are read-only now, in words to show; None when they can be written."""
    if database() is not None:
        return None
    _, why = _down.get(_configured()[1], (0.0, "the notes database cannot be opened"))
    return (
        f"Notes are read-only: {why}. The numbers are not affected; "
        f"Tandem tries again within {RETRY_SECONDS} seconds."
    )


def read(what: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """`what(database, …)`, or its last good result while the database is away (else None)."""
    _, digest = _configured()
    key = (what.__name__, digest, args, tuple(sorted(kwargs.items())))
    opened = database()
    if opened is not None:
        try:
            result = what(opened, *args, **kwargs)
        except notes.NotesUnavailable as exc:
            _went_down(digest, exc)
        else:
            with _lock:
                _last_good[key] = result
                _last_good.move_to_end(key)
                while len(_last_good) > LAST_GOOD_READS:
                    _last_good.popitem(last=False)
            return result
    return _last_good.get(key)


def write(what: Callable[..., T], *args: Any) -> T | None:
    """A change by the current author; on refusal, say why where it was asked and give None."""
    opened = database()
    if opened is None:
        st.error(problem() or "Notes are read-only.", icon=":material/edit_off:")
        return None
    try:
        return what(opened, *args, author=author())
    except notes.NotesUnavailable as exc:
        _went_down(_configured()[1], exc)
        st.error(problem() or str(exc), icon=":material/edit_off:")
    except notes.NotesError as exc:
        st.error(f"Not saved: {exc}.", icon=":material/error:")
    return None


def notice() -> None:
    """The read-only message, where notes are shown or written."""
    why = problem()
    if why:
        st.warning(why, icon=":material/edit_off:")


# What other screens read: the chart markers, the hand-off strip, the meeting pack.


def entries_for(view: Filters) -> list[notes.Entry]:
    """Notes, decisions and actions of the view's launches overlapping its period."""
    return read(notes.entries, launches=view.launches, start=view.start, end=view.end) or []


def open_actions(view: Filters) -> list[notes.Entry]:
    """The view's launches' actions not done, soonest due first (`Entry.overdue(today)`)."""
    return read(notes.open_actions, launches=view.launches) or []


def markers(view: Filters) -> pl.DataFrame:
    """`entries_for` as rows for a chart layer (present/note_marks.py); Vega's tooltip
    shows text as text."""
    return note_marks.rows(entries_for(view))
