"""Export files into grids: CSV/TSV (encoding and delimiter detected), XLSX, Parquet."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from itertools import islice
from typing import Any, Literal

import polars as pl

from connectors.errors import RefusedFile
from connectors.grid import isolated
from connectors.grid.cells import HEADER_SEARCH, Grid, Unreadable
from connectors.grid.limits import (
    DEFAULT_LIMITS,
    MAX_LONG_VALUE_ROWS,
    Limits,
    check_cells,
    check_columns,
    check_long_value_rows,
    check_rows,
    check_text,
    long_value,
    open_zip,
)
from connectors.grid.sniff import refuse_non_text, refuse_non_workbook

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 40
_SLACK = 100  # line ends that are not rows: header, preamble, totals, blank lines
# A line with its end (LF, CRLF or a lone CR), as csv.reader wants to be fed.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def read_grid(
    file_name: str,
    data: bytes,
    notes: list[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    sheet: str | None = None,
) -> Grid:
    """Any supported export as a grid of strings; `notes` collects what was detected.

    A workbook's `sheet` is read when named, else its first sheet with data.
    """
    if data[:4] == b"PAR1":
        return _parquet_grid(file_name, data, limits)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):  # a ZIP; an empty one has only its end
        return _xlsx_grid(file_name, data, notes, limits, sheet)
    if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE container: old .xls, or an encrypted .xlsx
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise RefusedFile(
                f"{file_name} is password-protected; remove the password in Excel and save again"
            )
        raise RefusedFile(f"{file_name} is an old Excel .xls workbook; save it as .xlsx or CSV")
    if not data.strip():
        raise RefusedFile(f"{file_name} is empty")
    text = decode(data, file_name, notes)
    if not text.strip(" \t\r\n,;|\ufeff"):  # a BOM, or delimiters, and nothing else
        raise RefusedFile(f"{file_name} is empty")
    refuse_non_text(file_name, text)
    # Counting line ends is cheap; splitting a file far over the bound into cells is not.
    # An old Mac file ends its lines with CR alone.
    line_ends = max(text.count("\n"), text.count("\r"))
    check_rows(file_name, line_ends - 1, limits, slack=_SLACK)  # less the header
    delimiter = sniff_delimiter(
        text,
        prefer_tab=file_name.lower().endswith((".tsv", ".tab")),
        max_columns=limits.max_columns,
    )
    return _csv_grid(file_name, text, delimiter, limits)


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
        notes.append("not UTF-8; read as Windows-1252 (cp1252)")
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(
    text: str, *, prefer_tab: bool = False, max_columns: int = DEFAULT_LIMITS.max_columns
) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of fields."""
    lines = (found.group() for found in islice(_LINE.finditer(text), _SAMPLE_LINES))
    sample = [line for line in lines if line.strip()]
    order = ("\t", ",", ";", "|") if prefer_tab else DELIMITERS
    best, best_score = ",", (0, 0)
    for delimiter in order:
        fits = [line for line in sample if line.count(delimiter) < max_columns]
        try:
            counts = [len(row) for row in csv.reader(fits, delimiter=delimiter)]
        except csv.Error:  # e.g. a value over the field limit; the grid reader reports it
            continue
        wide = [n for n in counts if n > 1]
        if not wide:
            continue
        modal = max(set(wide), key=wide.count)
        score = (wide.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_grid(file_name: str, text: str, delimiter: str, limits: Limits) -> Grid:
    # The same physical lines the reader sees, to look back at a record's raw text.
    physical = _LINE.findall(text)
    unreadable = _too_wide(physical, delimiter, limits)
    reader = csv.reader(physical, delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    top = width = cells = 0  # non-blank rows at the top, where the header is, and their width
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a value over the field limit: skip it, keep the rest
            unreadable.append(Unreadable(start, _csv_problem(exc, limits)))
            if reader.line_num < start:  # no progress: stop rather than loop
                break
            start = reader.line_num + 1
            continue
        if top < HEADER_SEARCH:
            if any(cell.strip() for cell in row):
                top += 1
                width = max(width, len(row))
        elif len(row) > width and _wider_than_header(row, width):
            unreadable.append(Unreadable(start, _past_header(len(row), width)))
            start = reader.line_num + 1
            continue
        cells += len(row)
        check_cells(file_name, cells, limits)
        rows.append(row)
        lines.append(start)  # the line a record starts on, which is what an editor shows
        start = reader.line_num + 1
    unreadable.sort(key=lambda gap: gap.line)
    if rows and _unclosed_quote("".join(physical[lines[-1] - 1 :]), delimiter):
        first, last = lines.pop(), len(physical)
        rows.pop()
        span = f"line {first}" if first == last else f"lines {first}-{last}"
        unreadable.append(
            Unreadable(
                first,
                f"a quoted value opened on line {first} is never closed, so {span} could "
                "not be split into cells",
            )
        )
    if not rows and unreadable:
        raise RefusedFile(f"{file_name}, line {unreadable[0].line}: {unreadable[0].reason}")
    return Grid(file_name, rows, lines, unreadable)


def _too_wide(physical: list[str], delimiter: str, limits: Limits) -> list[Unreadable]:
    """Lines with more delimiters than a row may have columns, blanked before parsing.

    Such a line is never split: one line of 24.5 million commas would be a list of 24.5
    million cells. Its line end stays, so the lines after it keep their numbers.
    """
    found = []
    for number, line in enumerate(physical, start=1):
        count = line.count(delimiter)
        if count >= limits.max_columns:
            found.append(
                Unreadable(
                    number,
                    f"holds {count:,} delimiters, more than the {limits.max_columns:,} columns "
                    "a row may have; the line was not read",
                )
            )
            physical[number - 1] = line[len(line.rstrip("\r\n")) :]
    return found


def _wider_than_header(row: list[str], width: int) -> bool:
    """True when `row` fills cells past `width`; trailing blank cells are dropped instead.

    Spreadsheets pad rows with empty cells; only filled cells past the header make a
    row unreadable, and a row holds no more cells than the header has columns.
    """
    if any(cell.strip() for cell in row[width:]):
        return True
    del row[width:]
    return False


def _past_header(cells: int, width: int) -> str:
    return f"has {cells:,} cells where the header has at most {width:,}; the line was not read"


def _csv_problem(exc: csv.Error, limits: Limits) -> str:
    if "field limit" in str(exc):
        return long_value(limits)
    return f"the line could not be split into cells ({exc})"


def _unclosed_quote(record: str, delimiter: str) -> bool:
    """True when the file's last record opens a quoted value that never closes.

    Python's csv reader (non-strict) silently takes everything up to the end of the
    file into that value, rows included; an odd number of quote characters in a record
    that opens a value with a quote is the trace it leaves.
    """
    opens = re.search(rf'(?:^|{re.escape(delimiter)})[ ]*"', record)
    return opens is not None and record.count('"') % 2 == 1


def _xlsx_grid(
    file_name: str, data: bytes, notes: list[str], limits: Limits, wanted: str | None
) -> Grid:
    with open_zip(file_name, data, limits) as archive:  # refuses a bomb before parsing
        refuse_non_workbook(file_name, archive)
    sheet, header = _decoded("xlsx", file_name, data, limits, sheet=wanted)
    names = header.get("sheets") or []
    if not names:
        raise RefusedFile(f"{file_name} is an Excel workbook with no worksheets")
    listed = ", ".join(f"'{n}'" for n in names)
    if header.get("read") is None:
        raise RefusedFile(f"{file_name} has no sheet '{wanted}'; its sheets are {listed}")
    how = "named in sources.toml" if wanted else "the first with data"
    notes.append(f"read the sheet '{header['read']}' ({how}; the workbook has {listed})")
    return _frame_grid(file_name, [], sheet, header.get("long_rows", []), limits)


def _parquet_grid(file_name: str, data: bytes, limits: Limits) -> Grid:
    # A Parquet file ends with its footer and "PAR1"; without them there is nothing to
    # decode, and no need to start a reader process.
    if len(data) < 12 or data[-4:] != b"PAR1":
        raise RefusedFile(
            f"{file_name} is not a readable Parquet file (it is cut short: no footer)"
        )
    frame, header = _decoded("parquet", file_name, data, limits)
    return _frame_grid(file_name, [list(frame.columns)], frame, header["long_rows"], limits)


_WHAT = {"xlsx": "Excel workbook", "parquet": "Parquet file"}


def _decoded(
    kind: Literal["xlsx", "parquet"],
    file_name: str,
    data: bytes,
    limits: Limits,
    *,
    sheet: str | None = None,
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The frame the child process decoded, once its measures are known to fit `limits`."""
    # A worksheet's header and preamble are rows of it, as a CSV file's lines are.
    above = 1 if kind == "xlsx" else 0
    slack = _SLACK if kind == "xlsx" else 0
    bounds = {
        "rows": limits.max_rows + above + slack,
        "columns": limits.max_columns,
        "cells": limits.max_cells,
        "cell_chars": limits.max_cell_chars,
        "text_bytes": limits.max_text_bytes,
        "long_rows": MAX_LONG_VALUE_ROWS,
    }
    try:
        frame, header = isolated.decode(kind, data, bounds, sheet=sheet)
    except isolated.DecodeFailed as exc:
        raise RefusedFile(f"{file_name} is not a readable {_WHAT[kind]} ({exc})") from None
    rows, columns = header["rows"], header["columns"]
    check_rows(file_name, rows - above, limits, slack=slack)
    check_columns(file_name, columns, limits)
    check_cells(file_name, rows * columns, limits)
    check_long_value_rows(file_name, len(header.get("long_rows", [])), limits)
    check_text(file_name, header.get("text_bytes", 0), limits)
    if frame is None:  # over a bound the child knows and this side does not: a bug
        raise RefusedFile(f"{file_name} is over a size bound; split it (e.g. by month)")
    return frame, header


def _frame_grid(
    file_name: str, head: list[list[str]], frame: pl.DataFrame, long_rows: list[int], limits: Limits
) -> Grid:
    """`head` rows (a Parquet file's column names), then the frame's rows as text.

    `long_rows` are the positions of rows the child left out for an over-long value;
    each is reported with its line (a Parquet file's line 1 is its column names).
    """
    first = len(head) + 1
    left_out = set(long_rows)
    kept = [i for i in range(frame.height + len(left_out)) if i not in left_out]
    rows = head + [[cell_text(v) for v in row] for row in frame.iter_rows()]
    lines = list(range(1, first)) + [first + i for i in kept]
    reason = long_value(limits, noun="row")
    return Grid(file_name, rows, lines, [Unreadable(first + i, reason) for i in long_rows])


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
