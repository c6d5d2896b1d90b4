"""Tandem: the router and frame. Page config, the pages, the filters (bound to the
URL, drawn once here so they follow the user from page to page), then run the page.

Pages live in app_pages/, not pages/: a pages/ folder switches Streamlit to its
legacy router, which loses the filters in shared links (docs/architecture.md, "Pages and the URL").
"""

import streamlit as st

from ui import auth, data, filters, note_forms, saved_views

st.set_page_config(page_title="Tandem", page_icon="🚣", layout="wide")
auth.gate()  # sign-in and access list when [auth] is configured; stops the run if not let in

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/funnel.py", title="Funnel", icon=":material/filter_alt:"),
    st.Page("app_pages/launches.py", title="Launches", icon=":material/rocket_launch:"),
    st.Page("app_pages/handoff.py", title="Hand-off", icon=":material/handshake:"),
    st.Page("app_pages/data.py", title="Data", icon=":material/database:"),
    st.Page("app_pages/definitions.py", title="Definitions", icon=":material/menu_book:"),
]

page = st.navigation(PAGES)
loaded = data.load()
st.sidebar.caption(loaded.source_label)
filters.draw(loaded.model)
filters.draw_share()
saved_views.draw()  # "Save this view" beside "Share this view", then the saved views
note_forms.draw_add(loaded.model)  # a note, decision or action for this launch and period
page.run()
