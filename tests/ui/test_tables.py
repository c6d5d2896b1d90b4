"""Tables as a person reads them: formats by unit, words for codes, "—" with its reason."""

from __future__ import annotations

import io
from datetime import date, datetime

import polars as pl

from kpi.filters import Filters
from present.cells import ViewFormat
from tests.app_pages.conftest import _Cells, demo_model
from ui.download import workbook
from ui.tables import MAX_ROWS, html_table

LOOK = ViewFormat(currency="€", launch_names={"GLOW-SERUM": "Glow Serum"})


def parsed(markup: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(markup)
    [table] = parser.tables
    return table


def test_cells_follow_the_catalog_units_and_name_launches() -> None:
    frame = pl.DataFrame(
        {
            "launch_id": ["GLOW-SERUM", "OTHER"],
            "channel": ["paid_social", "email"],
            "spend": [1234.5678, None],
            "mqls": [3557.0, 0.0],
            "cost_per_mql": [0.0, None],
            "acceptance_rate": [0.7329, 1.0],
            "mql_at": [datetime(2026, 11, 20, 14, 3, 59, 123), None],
        }
    )
    header, *rows = parsed(html_table(frame, LOOK))
    assert header == [
        "Launch",
        "Channel",
        "Spend",
        "MQLs",
        "Cost per MQL",
        "Acceptance rate",
        "MQL since",
    ]
    assert rows == [
        ["Glow Serum", "Paid social", "€1,234.57", "3,557", "—", "73.3 %", "20 Nov 2026 14:03"],
        ["OTHER", "Email", "—", "0", "—", "100.0 %", "—"],
    ]


def test_every_dash_says_why_below_the_table() -> None:
    frame = pl.DataFrame(
        {"stage": ["leads", "mqls"], "count": [10, 4], "step_conversion": [None, 0.4]}
    )
    markup = html_table(frame, LOOK)
    assert parsed(markup) == [
        ["Stage", "Count", "Step conversion"],
        ["Leads", "10", "—"],
        ["MQLs", "4", "40.0 %"],
    ]
    assert "— Step conversion: the first stage has no stage before it" in markup


def test_a_long_kpi_frame_formats_each_row_by_its_unit_and_gives_the_note() -> None:
    table = pl.DataFrame(
        {
            "kpi": ["spend", "win_rate", "order_revenue"],
            "label": ["Spend", "Win rate", "Order revenue"],
            "unit": ["money", "ratio", "money"],
            "value": [612831.66, 0.476, None],
            "delta": [-341291.55, -0.0064, None],
            "note": [None, None, "orders cannot be filtered by channel"],
        }
    )
    markup = html_table(table, LOOK)
    assert parsed(markup) == [
        ["KPI", "This period", "Change", "Note"],
        ["Spend", "€612,831.66", "-€341,291.55", "—"],
        ["Win rate", "47.6 %", "-0.6 pts", "—"],
        ["Order revenue", "—", "—", "orders cannot be filtered by channel"],
    ]
    assert "This period: orders cannot be filtered by channel" in markup


def test_text_from_the_data_stays_text() -> None:
    frame = pl.DataFrame({"campaign": ["<img src=x onerror=alert(1)>", "[x](http://evil)"]})
    markup = html_table(frame, LOOK)
    assert "<img" not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert parsed(markup)[1:] == [["<img src=x onerror=alert(1)>"], ["[x](http://evil)"]]


def test_long_tables_show_their_first_rows_and_say_so() -> None:
    frame = pl.DataFrame({"lead_id": [f"L{i}" for i in range(MAX_ROWS + 20)]})
    markup = html_table(frame, LOOK)
    assert len(parsed(markup)) == 1 + MAX_ROWS
    assert (
        f"The first {MAX_ROWS} of {MAX_ROWS + 20} rows are shown; the downloads hold all." in markup
    )


def test_workbook_has_the_table_and_the_view_on_their_own_sheets() -> None:
    frame = pl.DataFrame(
        {
            "launch_id": ["GLOW-SERUM"],
            "campaign": ['=HYPERLINK("http://x")'],
            "spend": [1442.1599999999999],
            "acceptance_rate": [0.733916],
            "day": [date(2026, 11, 20)],
        }
    )
    view = Filters(start=date(2026, 9, 1), end=date(2026, 9, 30), launches=("GLOW-SERUM",))
    book = workbook(frame, view, demo_model())
    data = pl.read_excel(io.BytesIO(book), sheet_name="Data")
    assert data.columns == ["Launch", "Campaign", "Spend", "Acceptance rate", "Day"]
    assert data.row(0) == (
        "Glow Serum",
        '\'=HYPERLINK("http://x")',
        1442.16,
        0.7339,
        date(2026, 11, 20),
    )
    about = pl.read_excel(io.BytesIO(book), sheet_name="View", has_header=False)
    rows = dict(about.rows())
    assert rows["First day"] == "2026-09-01" and rows["Last day"] == "2026-09-30"
    assert rows["Launches"] == "Glow Serum"
    assert rows["Regions"] == "all"
    assert rows["Data as of"] == "2026-11-27T00:00"
