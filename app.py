"""Tandem: the router and frame. Page config, the pages, the filters (kept in the URL,
drawn once here so they follow the user from page to page), then run the page.

Pages live in app_pages/, not pages/: a pages/ folder switches Streamlit to its
legacy router, which loses the filters in shared links (docs/architecture.md, "Pages and the URL").
"""

import streamlit as st

from ui import auth, data, filters, note_forms, page, saved_views, uploads

st.set_page_config(page_title="Tandem", page_icon="🚣", layout="wide")
auth.gate()  # sign-in and access list when [auth] is configured; stops the run if not let in

chosen = st.navigation(
    [
        st.Page(spec.script, title=spec.title, icon=spec.icon, default=spec.default)
        for spec in page.PAGES
    ]
)
loaded = data.load()
st.sidebar.caption(loaded.source_label)
uploads.draw_sidebar(loaded)  # while uploads are in use: what is shown, and the way back
filters.draw(loaded, page.BY_TITLE[chosen.title].uses)
filters.draw_share(loaded)
saved_views.draw()  # "Save this view" beside "Share this view", then the saved views
note_forms.draw_add(loaded.model)  # a note, decision or action for this launch and period
chosen.run()
