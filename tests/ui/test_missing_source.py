"""A vanished export keeps its numbers with a "stale since" notice; the demo brand's
numbers are never shown once a sources.toml exists, even one that cannot be used."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_pages.conftest import tables
from tests.apptest import open_app

PERIOD = ["2026-11-20", "2026-11-21"]


def spend(app: AppTest) -> str:
    return {m.label: m.value for m in app.metric}["Spend"]


def test_a_vanished_export_is_served_from_its_snapshot(spend_export: Path) -> None:
    assert spend(open_app(period=PERIOD)) == "€2,000"
    spend_export.unlink()  # a sync or mount gap
    app = open_app(period=PERIOD)
    assert spend(app) == "€2,000"
    [notice] = app.warning
    assert notice.value.startswith("Ads export is stale since ")
    assert "no file at " in notice.value and "showing its last good read" in notice.value
    assert not app.error


def test_an_unusable_sources_file_shows_no_data_rather_than_the_demo(spend_export: Path) -> None:
    demo = open_app()  # the demo brand's numbers, for comparison
    sources = spend_export.parent / "sources.toml"
    sources.write_text("[[source]\n", encoding="utf-8")  # not TOML
    app = open_app()
    [error] = app.error
    assert error.value.startswith("sources.toml could not be used, so no data is shown: ")
    assert spend(app) != spend(demo)
    assert "No data: sources.toml could not be used" in [c.value for c in app.sidebar.caption]
    [sources_table, *_] = tables(open_app("app_pages/data.py"))
    assert sources_table[1:] == []  # no source row: not the demo's either
    assert not any("Demo" in cell for row in sources_table for cell in row)
