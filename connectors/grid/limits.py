"""Size bounds on untrusted exports, checked before any parser sees the bytes.

An upload or file over `MAX_BYTES` is refused from its size alone. An XLSX is a ZIP
of XML: a file of a few hundred kilobytes can hold a sheet of gigabytes, which the
Excel reader would expand into memory. The ZIP's central directory declares every
member's uncompressed size, so the sum is checked against `MAX_XLSX_EXPANDED` first;
as headers can lie, the members are then inflated and counted (connectors/grid/zipsize.py)
before the workbook is opened.
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
# Files declared in sources.toml are the data owner's, on the server's own disk (a
# warehouse extract, a Tandem snapshot): bounded for memory, not against hostility, so
# far larger. A workbook keeps its expansion bound wherever it comes from.
SOURCE_MAX_BYTES = 4 * 1024 * _MB
SOURCE_MAX_ROWS = 100_000_000


@dataclass(frozen=True)
class Limits:
    """The bounds one read applies; the defaults match the app's upload limit."""

    max_bytes: int = MAX_BYTES
    max_xlsx_expanded: int = MAX_XLSX_EXPANDED
    max_rows: int = MAX_ROWS


DEFAULT_LIMITS = Limits()


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
