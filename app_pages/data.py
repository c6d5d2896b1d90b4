"""Data: every source's health, the refused rows, uploads and a refresh."""

import streamlit as st

from ui import data, page, sources, tables

context = page.start("Data")
view, loaded = context.filters, context.loaded
model = loaded.model

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
    "Shopify, Olist, or Tandem's own tables. Several at once."
)
files = st.file_uploader(
    "Exports", accept_multiple_files=True, key="upload_box", label_visibility="collapsed"
)
if files:
    staged = sources.stage(files)
    found = sources.health_table([read for *_, read in staged])
    tables.show(found)
    configured = [read for read in loaded.reads if read.kind != "upload"]
    change = sources.changes(configured, [read for *_, read in staged if not read.health.error])
    if change.is_empty():
        st.info("None of these files adds rows Tandem can use.")
    else:
        st.markdown(
            "**What using these files changes** "
            "(this session only; configured sources stay as they are):"
        )
        tables.show(change)
        if st.button("Use these files in this session", type="primary"):
            sources.apply(staged)
            st.rerun()
if any(read.kind == "upload" for read in loaded.reads) and st.button("Stop using uploaded files"):
    sources.stop_using_uploads()
    st.rerun()
