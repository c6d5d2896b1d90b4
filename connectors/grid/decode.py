"""Export files into grids: CSV/TSV (encoding and delimiter detected), XLSX, Parquet."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from connectors.errors import RefusedFile
from connectors.grid import isolated
from connectors.grid.cells import Grid, Unreadable
from connectors.grid.limits import DEFAULT_LIMITS, Limits, check_rows, open_zip
from connectors.grid.sniff import refuse_non_text, refuse_non_workbook

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 40
_SLACK = 100  # line ends that are not rows: header, preamble, totals, blank lines


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
        return _parquet_grid(file_name, data)
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
    check_rows(file_name, text.count("\n") - 1, limits, slack=_SLACK)  # less the header
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
        notes.append("not UTF-8; read as Windows-1252 (cp1252)")
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str, *, prefer_tab: bool = False) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of fields."""
    sample = [line for line in text.splitlines()[:_SAMPLE_LINES] if line.strip()]
    order = ("\t", ",", ";", "|") if prefer_tab else DELIMITERS
    best, best_score = ",", (0, 0)
    for delimiter in order:
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
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


def _csv_grid(file_name: str, text: str, delimiter: str) -> Grid:
    # The same physical lines the reader sees, to look back at a record's raw text.
    physical = io.StringIO(text, newline="").readlines()
    reader = csv.reader(physical, delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    unreadable: list[Unreadable] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a value over the field limit: skip it, keep the rest
            unreadable.append(Unreadable(start, _csv_problem(exc)))
            if reader.line_num < start:  # no progress: stop rather than loop
                break
            start = reader.line_num + 1
            continue
        rows.append(row)
        lines.append(start)  # the line a record starts on, which is what an editor shows
        start = reader.line_num + 1
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


def _csv_problem(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return (
            f"a value is longer than {csv.field_size_limit():,} characters, the limit for "
            "one cell; the line was not read"
        )
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
    try:
        sheet, header = isolated.decode("xlsx", data, sheet=wanted)
    except isolated.DecodeFailed as exc:
        raise RefusedFile(f"{file_name} is not a readable Excel workbook ({exc})") from None
    names = header.get("sheets") or []
    if not names:
        raise RefusedFile(f"{file_name} is an Excel workbook with no worksheets")
    listed = ", ".join(f"'{n}'" for n in names)
    if header.get("read") is None:
        raise RefusedFile(f"{file_name} has no sheet '{wanted}'; its sheets are {listed}")
    how = "named in sources.toml" if wanted else "the first with data"
    notes.append(f"read the sheet '{header['read']}' ({how}; the workbook has {listed})")
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows()]
    return Grid(file_name, rows, list(range(1, len(rows) + 1)))


def _parquet_grid(file_name: str, data: bytes) -> Grid:
    # A Parquet file ends with its footer and "PAR1"; without them there is nothing to
    # decode, and no need to start a reader process.
    if len(data) < 12 or data[-4:] != b"PAR1":
        raise RefusedFile(
            f"{file_name} is not a readable Parquet file (it is cut short: no footer)"
        )
    try:
        frame, _ = isolated.decode("parquet", data)
    except isolated.DecodeFailed as exc:
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
