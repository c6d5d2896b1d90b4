"""Size bounds on untrusted exports, each checked before it costs the app anything.

An upload or file over `MAX_BYTES` is refused from its size alone. An XLSX is a ZIP
of XML: a file of a few hundred kilobytes can hold a sheet of gigabytes, which the
Excel reader would expand into memory. The ZIP's central directory declares every
member's uncompressed size, so the sum is checked against `MAX_XLSX_EXPANDED` first;
as headers can lie, the members are then inflated and counted (connectors/grid/zipsize.py)
before the workbook is opened.

A small file can still describe a large grid: a Parquet footer can declare 20 million
rows in 71 KB, and a dictionary can repeat one 1 MB string 3,000 times in 533 bytes
(3 GB once each cell is a Python string). So rows, columns, cells, the length of one
cell and the text of all cells are bounded too: for CSV while it is split (a line's
delimiters are counted before it is parsed), for XLSX and Parquet inside the child
process that decodes them (connectors/grid/isolated_child.py), from the footer where
it says enough and else from the decoded frame, before anything crosses to the app.
See docs/architecture.md, "Hostile input".
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from connectors.errors import RefusedFile
from connectors.grid.zipsize import ZipProblem, real_expansion

_MB = 1024 * 1024
# Streamlit's server.maxUploadSize (.streamlit/config.toml) is 50, in Streamlit's MB of
# 2**20 bytes; files and folder members get the same bound so every path agrees.
MAX_BYTES = 50 * _MB
# Well above any real export of 50 MB (XLSX compresses about 5-10x), far below memory.
MAX_XLSX_EXPANDED = 200 * _MB
# Typing a row costs ~0.7 KB of memory while it is read (measured: 300,000 short rows
# peak at 320 MB); 50 MB of two-column rows would be 2.8 million of them.
MAX_ROWS = 1_000_000
# Excel's widest sheet (column XFD); no export is wider.
MAX_COLUMNS = 16_384
# Every cell costs the app ~60 bytes as a Python string before its text; 10 million is
# 1 million rows of 10 columns, or 100,000 rows of 100.
MAX_CELLS = 10_000_000
# Python's csv reader refuses a longer field by default; every format gets the same bound,
# and a row holding a longer value is refused with its line.
MAX_CELL_CHARS = 131_072
# The text of every cell, decoded: twice the largest upload.
MAX_TEXT_BYTES = 100 * _MB
# Past this many rows with an over-long value a file is refused whole, not row by row.
MAX_LONG_VALUE_ROWS = 1_000
# Files declared in sources.toml are the data owner's, on the server's own disk (a
# warehouse extract, a Tandem snapshot): bounded for memory, not against hostility, so
# far larger. A workbook keeps its expansion bound wherever it comes from.
SOURCE_MAX_BYTES = 4 * 1024 * _MB
SOURCE_MAX_ROWS = 100_000_000


@dataclass(frozen=True)
class Limits:
    """The bounds one read applies; the defaults are the app's bounds for an upload."""

    max_bytes: int = MAX_BYTES
    max_xlsx_expanded: int = MAX_XLSX_EXPANDED
    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    max_cells: int = MAX_CELLS
    max_cell_chars: int = MAX_CELL_CHARS
    max_text_bytes: int = MAX_TEXT_BYTES


DEFAULT_LIMITS = Limits()
# A file declared in sources.toml may be larger and longer: a canonical Parquet file is
# typed in bulk (connectors/formats/bulk.py). Any other file is read cell by cell like an
# upload, at the same cost per cell, so it keeps the upload's bounds on cells and text.
SOURCE_LIMITS = Limits(max_bytes=SOURCE_MAX_BYTES, max_rows=SOURCE_MAX_ROWS)


def megabytes(size: int) -> str:
    return f"{size / _MB:,.1f} MB"


def check_size(file_name: str, size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise RefusedFile(
            f"{file_name} is {megabytes(size)}, over the {megabytes(limits.max_bytes)} limit "
            "for one export; split it (e.g. by month) or filter it before exporting"
        )


def check_rows(file_name: str, rows: int, limits: Limits, *, slack: int = 0) -> None:
    """Refuse more than `max_rows` rows; `slack` allows for lines that may not be rows."""
    if rows - slack > limits.max_rows:
        raise RefusedFile(
            f"{file_name} has {rows:,} rows, over the {limits.max_rows:,} Tandem reads from "
            "one file or sheet; split it (e.g. by month) or filter it before exporting"
        )


def check_columns(file_name: str, columns: int, limits: Limits) -> None:
    if columns > limits.max_columns:
        raise RefusedFile(
            f"{file_name} has {columns:,} columns, over the {limits.max_columns:,} Tandem reads "
            "(the most a spreadsheet holds); export only the columns you need"
        )


def check_cells(file_name: str, cells: int, limits: Limits) -> None:
    if cells > limits.max_cells:
        raise RefusedFile(
            f"{file_name} has more than {limits.max_cells:,} cells (rows times columns), the most "
            "Tandem reads from one file; export only the columns you need, or split it by month"
        )


def check_text(file_name: str, size: int, limits: Limits) -> None:
    if size > limits.max_text_bytes:
        raise RefusedFile(
            f"{file_name} holds {megabytes(size)} of text once decoded, over the "
            f"{megabytes(limits.max_text_bytes)} bound for one file; split it (e.g. by month)"
        )


def long_value(limits: Limits, *, noun: str = "line") -> str:
    """Why a row holding an over-long value is refused."""
    return (
        f"a value is longer than {limits.max_cell_chars:,} characters, the limit for one "
        f"cell; the {noun} was not read"
    )


def check_long_value_rows(file_name: str, rows: int, limits: Limits) -> None:
    if rows > MAX_LONG_VALUE_ROWS:
        raise RefusedFile(
            f"{file_name} has more than {MAX_LONG_VALUE_ROWS:,} rows holding a value longer than "
            f"{limits.max_cell_chars:,} characters, the limit for one cell; Tandem does not "
            "read it"
        )


def open_zip(file_name: str, data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The archive behind an XLSX, once its declared sizes are known to fit the bound."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError, struct.error … on damage
        raise RefusedFile(
            f"{file_name} is not a readable Excel workbook (damaged ZIP: {exc})"
        ) from None
    bound = limits.max_xlsx_expanded
    declared = sum(m.file_size for m in members)
    if declared > bound:
        raise RefusedFile(
            f"{file_name} would expand to {megabytes(declared)} when opened, over the "
            f"{megabytes(bound)} bound for a workbook; export it as CSV or split it"
        )
    # The declared sizes fit; make sure they are true before the Excel reader inflates.
    try:
        real = real_expansion(data, archive, bound)
    except ZipProblem as exc:
        raise RefusedFile(f"{file_name} is not a readable Excel workbook: {exc}") from None
    if real > bound:
        raise RefusedFile(
            f"{file_name} would expand to more than {megabytes(bound)} when opened, though "
            f"its ZIP headers declare {megabytes(declared)}; Tandem does not open it"
        )
    return archive
