""" "Download meeting pack" on every page: the current view as PDF and PowerPoint
(docs/architecture.md, "Meeting pack").

The pack is built only when a button is clicked (a deferred download), and cached on
small values: the data's version, the filters, the link's chart choices, the notes it
shows (frozen values) and the format. The loaded data is an underscore argument, left
out of the key, as in ui/views.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from kpi.filters import Filters
from present import link as links
from present.fonts import FontMissing, dejavu
from present.pack import PackNotes, written
from present.pdf import pdf
from present.sections import build
from present.slides import pptx
from ui import filters
from ui import notes as notes_ui
from ui.data import Loaded
from ui.views import Views

FORMATS = {
    "pdf": ("PDF", "application/pdf", pdf),
    "pptx": (
        "PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        pptx,
    ),
}


@st.cache_data(max_entries=16, show_spinner=False)
def _document(
    form: str,
    version: str,
    view: Filters,
    choices: links.ChartChoices,
    kept: PackNotes,
    link: str,
    today: date,
    _loaded: Loaded,
) -> bytes:
    # The page's cached views: the KPI tables it has drawn are not computed again.
    views = Views(_loaded)
    pack = build(
        _loaded.model, view, link=link, choices=choices, written=kept, today=today, views=views
    )
    return FORMATS[form][2](pack)


def _deferred(
    form: str, loaded: Loaded, view: Filters, choices: links.ChartChoices, share: str
) -> Callable[[], bytes]:
    """Run on a click, outside the page's run (Streamlit's deferred download): the notes
    are read then, so the pack has what was written since the page was drawn."""

    def made() -> bytes:
        kept = written(notes_ui.read, loaded.model, view, choices)
        return _document(form, loaded.version, view, choices, kept, share, date.today(), loaded)

    return made


def buttons(loaded: Loaded, view: Filters) -> None:
    """PDF and PowerPoint of the current view, side by side."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    try:
        choices = links.chart_choices(params)
    except links.LinkError:  # the pages fall back to their defaults, and so does the pack
        choices = links.ChartChoices()
    share = filters.share_link(params)
    name = f"tandem-meeting-pack-{view.start.isoformat()}-{view.end.isoformat()}"
    try:
        dejavu()
    except FontMissing as exc:
        st.caption(f"No meeting pack: {exc}.")
        return
    with st.container(horizontal=True, gap="small", key="meeting-pack"):
        for form, (label, mime, _) in FORMATS.items():
            st.download_button(
                f"Download meeting pack ({label})",
                data=_deferred(form, loaded, view, choices, share),
                file_name=f"{name}.{form}",
                mime=mime,
                icon=":material/slideshow:" if form == "pptx" else ":material/picture_as_pdf:",
                key=f"pack-{form}",
                on_click="ignore",
            )
