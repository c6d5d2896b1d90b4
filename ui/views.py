"""Cached KPI views for the pages: keyed on the data's version and the filter values.

Every view goes through one cached function whose key is small: the view's name, the
data's content version, a frozen `Filters` and a tuple of plain arguments. The model
is passed as an underscore argument, which Streamlit leaves out of the key, so a new
data version (a refresh, an upload, a changed row) is a new key and nothing else is.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from kpi.filters import Filters
from kpi.model import Model
from present import views
from ui.data import Loaded


@st.cache_data(max_entries=512, show_spinner=False)
def _computed(
    view: str, version: str, filters: Filters, args: tuple[Any, ...], _model: Model
) -> Any:
    return views.COMPUTE[view](_model, filters, *args)


class Views(views.Views):
    """The pages' one way to KPI results for the loaded data, cached per data version."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__(loaded.model)
        self.version = loaded.version

    def computed(self, view: str, filters: Filters, args: tuple[Any, ...]) -> Any:
        return _computed(view, self.version, filters, args, self.model)
