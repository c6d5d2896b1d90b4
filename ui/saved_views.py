"""Saved views in the sidebar: "Save this view" beside "Share this view", every saved view
as a link that opens it, and its author's rename and remove (docs/architecture.md,
"Notes and saved views").
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import streamlit as st

import notes
from present.formatting import MARKDOWN_SPECIALS, escape_markdown
from ui import filters
from ui import notes as notes_ui

EXAMPLE_NAME = "Weekly launch review — Glow Serum"


def current_link() -> str:
    """This page and its filters as a same-site link: what "Share this view" shares."""
    shared = filters.share_link({key: st.query_params.get_all(key) for key in st.query_params})
    parts = urlsplit(shared)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_html(view: notes.SavedView) -> str:
    """The saved view as a link that opens it in this tab, as a shared link would (a
    markdown link opens a new tab). The name is text: every character that markdown or
    HTML could read as markup is written as a character reference."""
    name = "".join(f"&#{ord(c)};" if c in MARKDOWN_SPECIALS or c in "\"'" else c for c in view.name)
    title = html.escape(f"Saved by {view.author}")
    return f'<a href="{html.escape(view.link)}" target="_self" title="{title}">{name}</a>'


def draw() -> None:
    why = notes_ui.problem()
    with st.sidebar.popover("Save this view", icon=":material/bookmark_add:", width="stretch"):
        st.caption("This page and its filters under a name, listed for everyone below.")
        if why:
            st.warning(why, icon=":material/edit_off:")
        with st.form("saved_views_save", border=False, clear_on_submit=True):
            name = st.text_input("Name", placeholder=EXAMPLE_NAME, max_chars=200)
            if st.form_submit_button("Save", type="primary", disabled=why is not None):
                saved = notes_ui.write(notes.save_view, name, current_link())
                if saved is not None:
                    st.success(f"Saved “{escape_markdown(saved.name)}”.")
    views = notes_ui.read(notes.saved_views) or []
    if not views:
        return
    st.sidebar.subheader("Saved views")
    for view in views:
        st.sidebar.markdown(link_html(view), unsafe_allow_html=True)
    mine = [view for view in views if view.author == notes_ui.author()]
    if mine:
        _draw_mine(mine, read_only=why is not None)


def _draw_mine(mine: list[notes.SavedView], *, read_only: bool) -> None:
    with st.sidebar.popover("My saved views", icon=":material/bookmarks:", width="stretch"):
        for view in mine:
            with st.form(f"saved_views_rename_{view.id}", border=False):
                name = st.text_input("Name", value=view.name, max_chars=200)
                renamed = st.form_submit_button("Rename", disabled=read_only)
            if renamed and notes_ui.write(notes.rename_view, view.id, name) is not None:
                st.rerun()
            removed = st.button("Remove", key=f"saved_views_remove_{view.id}", disabled=read_only)
            if removed and notes_ui.write(notes.remove_view, view.id) is not None:
                st.rerun()
            st.divider()
