"""Data: where the KPIs are computed, every source's health, the refused rows, uploads
and a refresh."""

import streamlit as st

from ui import data, freshness, page, sources, tables, uploads

context = page.start("Data")
view, loaded = context.filters, context.loaded
model = loaded.model

st.subheader("Where the KPIs are computed")
freshness.draw(loaded)

st.subheader("Sources")
health = sources.health_table(loaded.reads)
tables.with_download(health, name="sources", filters=view, model=model)
if st.button("Refresh every source", icon=":material/refresh:"):
    data.refresh()
    st.rerun()

st.subheader("Refused rows")
refused = sources.refused_rows(loaded.reads)
tables.with_download(
    refused,
    name="refused rows",
    filters=view,
    model=model,
    empty="No row was refused.",
    good_when_empty=True,
)

st.subheader("Upload exports")
st.caption(
    "CSV, TSV, XLSX or Parquet exports from Google Ads, Meta Ads, HubSpot, Salesforce, "
    "Shopify, Olist, or Tandem's own tables. Several at once. " + sources.upload_rule(loaded.shared)
)
just_used = st.session_state.pop(uploads.JUST_USED, None)
if just_used:
    st.success(just_used, icon=":material/check_circle:")
files = st.file_uploader(
    "Exports", accept_multiple_files=True, key="upload_box", label_visibility="collapsed"
)
if files:
    staged = uploads.stage(files)
    tables.show(sources.health_table([read for *_, read in staged]))
    for why in uploads.refused(staged, loaded.shared).values():
        st.warning(why, icon=":material/block:")
    usable = [read for *_, read in uploads.usable(staged, loaded.shared)]
    if not any(sources.table_rows(usable).values()):
        st.info("None of these files adds rows Tandem can use.")
    else:
        st.markdown("**What using these files changes** (this session only):")
        tables.show(sources.changes(loaded.reads, loaded.shared, usable))
        st.button(
            "Use these files in this session",
            type="primary",
            on_click=uploads.use,
            args=(staged, loaded),
        )
if loaded.uploads:
    st.button("Back to the shared data", icon=":material/undo:", on_click=uploads.back_to_shared)
