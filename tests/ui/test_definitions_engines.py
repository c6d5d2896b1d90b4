"""The Definitions page states how the engine computing the KPIs differs from polars:
on BigQuery how its exact medians are taken; on an exact engine, nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from connectors import demo_tables
from kpi.engines.bigquery import DIFFERENCES
from tests.apptest import open_app
from tests.connectors.sources.warehouses.configured import configured
from tests.ui.test_engine import on_engine
from ui.definitions import engine_differences

PAGE = "app_pages/definitions.py"


def stated(vendor_or_engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    st.cache_resource.clear()
    st.cache_data.clear()
    if vendor_or_engine == "bigquery":
        path, secrets, _ = configured("bigquery", demo_tables(), tmp_path, monkeypatch)
        monkeypatch.setenv("TANDEM_SOURCES", str(path))
    else:
        secrets = {}
        on_engine(tmp_path, monkeypatch, vendor_or_engine)
    app = open_app(PAGE, secrets=secrets)
    return [i.value for i in app.info]


def test_on_bigquery_the_page_says_how_medians_are_computed_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stated("bigquery", tmp_path, monkeypatch) == list(DIFFERENCES)
    assert DIFFERENCES[0].startswith("BigQuery: medians and 90th percentiles are exact")


def test_on_an_exact_engine_there_is_no_difference_to_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stated("duckdb", tmp_path, monkeypatch) == []
    assert engine_differences(None) == ()
