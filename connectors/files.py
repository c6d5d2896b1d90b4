"""Export files into grids: CSV/TSV (encoding and delimiter detected), XLSX, Parquet."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import polars as pl

from connectors.errors import RefusedFile
from connectors.raw import Grid

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 40


def read_grid(file_name: str, data: bytes, notes: list[str]) -> Grid:
    """Any supported export as a grid of strings; `notes` collects what was detected."""
    if data[:4] == b"PAR1":
        return _parquet_grid(file_name, data)
    if data[:4] == b"PK\x03\x04":
        return _xlsx_grid(file_name, data, notes)
    if data[:4] == b"\xd0\xcf\x11\xe0":  # the pre-2007 binary Excel format
        raise RefusedFile(f"{file_name} is an old Excel .xls workbook; save it as .xlsx or CSV")
    if not data.strip():
        raise RefusedFile(f"{file_name} is empty")
    text = decode(data, file_name, notes)
    delimiter = sniff_delimiter(text, prefer_tab=file_name.lower().endswith((".tsv", ".tab")))
    return _csv_grid(file_name, text, delimiter)


def decode(data: bytes, file_name: str, notes: list[str]) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        notes.append("UTF-8 with BOM")
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        notes.append("UTF-16")
        return data.decode("utf-16", errors="replace")
    # UTF-16 without a BOM shows as a NUL beside every ASCII character.
    if data[:200].count(b"\x00") > len(data[:200]) // 4:
        notes.append("UTF-16")
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        notes.append(f"{file_name} is not UTF-8; read as Windows-1252 (cp1252)")
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str, *, prefer_tab: bool = False) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of fields."""
    sample = [line for line in text.splitlines()[:_SAMPLE_LINES] if line.strip()]
    order = ("\t", ",", ";", "|") if prefer_tab else DELIMITERS
    best, best_score = ",", (0, 0)
    for delimiter in order:
        counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        wide = [n for n in counts if n > 1]
        if not wide:
            continue
        modal = max(set(wide), key=wide.count)
        score = (wide.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_grid(file_name: str, text: str, delimiter: str) -> Grid:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)  # the line a record starts on, which is what an editor shows
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RefusedFile(f"{file_name}, line {reader.line_num}: {exc}") from None
    return Grid(file_name, rows, lines)


def _xlsx_grid(file_name: str, data: bytes, notes: list[str]) -> Grid:
    import fastexcel  # the only Excel reader polars supports without extra packages

    try:
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
        sheet = reader.load_sheet(0, header_row=None, dtypes="string").to_polars()
    except Exception as exc:  # fastexcel raises its own error types for damaged files
        raise RefusedFile(f"{file_name} is not a readable Excel workbook ({exc})") from None
    if len(names) > 1:
        notes.append(f"read the first worksheet '{names[0]}' of {len(names)}")
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows()]
    return Grid(file_name, rows, list(range(1, len(rows) + 1)))


def _parquet_grid(file_name: str, data: bytes) -> Grid:
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:  # polars raises ComputeError/OSError for damaged files
        raise RefusedFile(f"{file_name} is not a readable Parquet file ({exc})") from None
    rows = [list(frame.columns)] + [[_cell(v) for v in row] for row in frame.iter_rows()]
    return Grid(file_name, rows, list(range(1, len(rows) + 1)))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
