from __future__ import annotations

from datetime import datetime

import pytest

from connectors.errors import CellError
from connectors.formats.dates import Order
from connectors.formats.fields import field, file_decimal_mark, locate, typed_cells
from connectors.grid.cells import RawTable

RAW = RawTable(
    "x.csv",
    ["Business_Segment", "Impr.", "Cost", "Won", "Date"],
    [["pet", "1.200", "3,5", "TRUE", "03/04/2024"], ["toys", "7", "1", "no", "25/04/2024"]],
    [2, 3],
)


def test_columns_are_found_loosely_and_settled_from_all_values() -> None:
    fields = [
        field("segment", "business segment"),
        field("impressions", "impressions", "impr.", kind="count"),
        field("spend", "cost", kind="money"),
        field("date", "date", kind="stamp"),
        field("platform", default="x"),
    ]
    mark = file_decimal_mark(RAW, fields)
    columns = [locate(RAW, spec, mark) for spec in fields]
    assert mark == ","
    assert [c.header for c in columns] == ["Business_Segment", "Impr.", "Cost", "Date", None]
    assert columns[3].order is Order.DMY
    assert typed_cells(RAW.rows[0], columns) == {
        "segment": "pet",
        "impressions": 1200,
        "spend": 3.5,
        "date": datetime(2024, 4, 3),
        "platform": "x",
    }


def test_a_bad_cell_names_its_header() -> None:
    columns = [locate(RAW, field("is_won", "won", kind="bool"), ".")]
    assert typed_cells(RAW.rows[1], columns) == {"is_won": False}
    with pytest.raises(CellError) as caught:
        typed_cells(["", "", "", "maybe"], columns)
    assert (caught.value.column, str(caught.value)) == ("Won", "'maybe' is not yes/no")
