from __future__ import annotations

import io
from datetime import datetime

import polars as pl
import pytest

from connectors.errors import RefusedFile
from connectors.formats.export import read_export
from connectors.grid.decode import decode, read_grid, sniff_delimiter
from connectors.health import DataHealth
from tests.connectors.conftest import xlsx_bytes

ROWS = [["mql_id", "first_contact_date", "origin"], ["a1", "2018-02-01", "Café ads"]]


def _csv(delimiter: str) -> str:
    return "\n".join(delimiter.join(r) for r in ROWS) + "\n"


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (_csv(",").encode("utf-8"), None),
        (b"\xef\xbb\xbf" + _csv(",").encode("utf-8"), "UTF-8 with BOM"),
        (_csv(",").encode("utf-16"), "UTF-16"),
        (_csv(",").encode("cp1252"), "not UTF-8; read as Windows-1252 (cp1252)"),
    ],
)
def test_encodings_are_detected(data: bytes, note: str | None) -> None:
    notes: list[str] = []
    grid = read_grid("x.csv", data, notes)
    assert grid.rows == ROWS
    assert notes == ([note] if note else [])


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_detected(delimiter: str) -> None:
    assert sniff_delimiter(_csv(delimiter)) == delimiter
    assert read_grid("x.txt", _csv(delimiter).encode(), []).rows == ROWS


def test_a_quoted_preamble_line_does_not_fool_the_delimiter() -> None:
    text = 'Campaign report\n"July 8, 2025 - July 31, 2025"\na;b;c\n1;2;3\n4;5;6\n'
    assert sniff_delimiter(text) == ";"


def test_utf16_without_bom_is_recognised() -> None:
    notes: list[str] = []
    assert decode("a,b\n1,2\n".encode("utf-16-le"), "x.csv", notes) == "a,b\n1,2\n"
    assert notes == ["UTF-16"]


def test_line_numbers_count_embedded_newlines() -> None:
    grid = read_grid("x.csv", b'a,b\n"two\nlines",1\nnext,2\n', [])
    assert grid.rows == [["a", "b"], ["two\nlines", "1"], ["next", "2"]]
    assert grid.lines == [1, 2, 4]


def test_xlsx_cells_become_strings() -> None:
    data = xlsx_bytes([["mql_id", "units"], ["a1", 3.0], ["a2", 2.5]])
    grid = read_grid("x.xlsx", data, [])
    assert grid.rows == [["mql_id", "units"], ["a1", "3"], ["a2", "2.5"]]
    assert grid.lines == [1, 2, 3]


def test_xlsx_date_cells_arrive_as_iso_text_and_type_as_dates() -> None:
    data = xlsx_bytes([["lead_id", "created_at"], ["L1", datetime(2024, 3, 1, 12, 30)]])
    assert read_grid("x.xlsx", data, []).rows[1] == ["L1", "2024-03-01 12:30:00"]
    health = DataHealth("x")
    leads = read_export("leads.xlsx", data, health)["leads"]
    assert leads.select("lead_id", "created_at").rows() == [("L1", datetime(2024, 3, 1, 12, 30))]


def test_parquet_columns_become_the_header() -> None:
    frame = pl.DataFrame({"lead_id": ["a"], "created_at": [datetime(2024, 1, 2, 3, 4, 5)]})
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    grid = read_grid("x.parquet", buffer.getvalue(), [])
    assert grid.rows == [["lead_id", "created_at"], ["a", "2024-01-02 03:04:05"]]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("e.csv", b"  \n", "e.csv is empty"),
        ("bad.xlsx", b"PK\x03\x04garbage", "bad.xlsx is not a readable Excel workbook"),
        ("bad.parquet", b"PAR1garbage", "bad.parquet is not a readable Parquet file"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1", "old.xls is an old Excel .xls workbook"),
    ],
)
def test_unreadable_files_are_refused_with_their_name(name: str, data: bytes, message: str) -> None:
    with pytest.raises(RefusedFile, match=message):
        read_grid(name, data, [])
