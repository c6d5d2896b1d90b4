"""Workbooks: the sheet read is the one named (`sheet =`) or the first with data, and the
health record says which; a dashboard sheet is refused for what it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors import read_source
from connectors.errors import RefusedFile
from connectors.formats.export import read_export
from connectors.health import DataHealth
from connectors.sources.config import load_config
from tests.connectors.conftest import xlsx_bytes

LEADS = [["lead_id", "created_at"], ["L1", "2026-03-01"], ["L2", "2026-03-02"]]
LAUNCHES = [["launch_id", "name", "launch_date"], ["GLOW", "Glow Serum", "2026-03-02"]]
BOOK = {"Read me": [], "Leads": LEADS, "Launches": LAUNCHES}


def test_the_first_sheet_with_data_is_read_and_named() -> None:
    health = DataHealth("book")
    frames = read_export("plan.xlsx", xlsx_bytes(sheets=BOOK), health)
    assert frames["leads"]["lead_id"].to_list() == ["L1", "L2"]
    assert health.warnings[0] == (
        "plan.xlsx: read the sheet 'Leads' (the first with data; the workbook has 'Read me', "
        "'Leads', 'Launches')"
    )


def test_a_sheet_named_in_sources_toml_is_read(tmp_path: Path) -> None:
    (tmp_path / "plan.xlsx").write_bytes(xlsx_bytes(sheets=BOOK))
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nname = "Plan"\nkind = "file"\npath = "plan.xlsx"\nsheet = "Launches"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path / "sources.toml")
    assert config is not None
    read = read_source(config.sources[0], credentials=None, snapshot_dir=tmp_path / "snaps")
    assert read.health.error is None
    assert read.tables["launches"]["launch_id"].to_list() == ["GLOW"]
    assert read.tables["leads"].is_empty()
    assert (
        "plan.xlsx: read the sheet 'Launches' (named in sources.toml; the workbook has "
        "'Read me', 'Leads', 'Launches')"
    ) in read.health.warnings


def test_a_sheet_the_workbook_lacks_is_refused_listing_its_sheets() -> None:
    with pytest.raises(RefusedFile) as caught:
        read_export("plan.xlsx", xlsx_bytes(sheets=BOOK), DataHealth("b"), sheet="Deals")
    assert str(caught.value) == (
        "plan.xlsx has no sheet 'Deals'; its sheets are 'Read me', 'Leads', 'Launches'"
    )


def test_an_excel_dashboard_is_refused_as_a_layout_for_reading() -> None:
    dashboard = [["Q1 launch dashboard"], [], ["Revenue", 125000.0], ["MQLs", 412.0]]
    with pytest.raises(RefusedFile) as caught:
        read_export("dashboard.xlsx", xlsx_bytes(sheets={"Summary": dashboard}), DataHealth("d"))
    assert str(caught.value) == (
        "dashboard.xlsx looks like a report or dashboard laid out for reading (titles and "
        "single figures), not a table with one header row and a row per record; export the "
        "rows behind it"
    )
