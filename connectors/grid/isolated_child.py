"""The child process of connectors/grid/isolated.py: decodes one XLSX or Parquet from stdin.

Run as a script (`python -I isolated_child.py xlsx|parquet MEMORY [SHEET]`), never imported by the
app: it sets its own memory ceiling first, then decodes with the Rust readers, which
may abort the process on a hostile file. Output on stdout: a 4-byte length, a JSON
header (the worksheet names), then the frame as Arrow IPC. A readable failure exits
with FAILED and the reason after MARK on stderr.
"""

from __future__ import annotations

import io
import json
import struct
import sys
from typing import Any

FAILED = 3
MARK = "@@tandem-reason@@"


def _limit_memory(ceiling: int) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: the time limit still applies
        return
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _decode(kind: str, data: bytes, wanted: str) -> tuple[Any, dict[str, Any]]:
    """The frame and header; a workbook's named sheet (`wanted`), else its first with data."""
    import polars as pl

    if kind == "parquet":
        return pl.read_parquet(io.BytesIO(data)), {}
    import fastexcel

    reader = fastexcel.read_excel(data)
    names = list(reader.sheet_names)
    if wanted and wanted not in names:
        return pl.DataFrame(), {"sheets": names, "read": None}
    sheet = pl.DataFrame()
    for name in [wanted] if wanted else names:
        sheet = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        cells = sheet.select(pl.all().str.strip_chars().ne("").any()) if sheet.width else None
        if cells is not None and any(cells.row(0)):
            return sheet, {"sheets": names, "read": name}
    return sheet, {"sheets": names, "read": wanted or (names[0] if names else None)}


def main(kind: str, ceiling: int, wanted: str = "") -> int:
    _limit_memory(ceiling)
    data = sys.stdin.buffer.read()
    try:
        frame, header = _decode(kind, data, wanted)
        body = io.BytesIO()
        frame.write_ipc(body)
    except BaseException as exc:  # a Rust panic arrives as a BaseException
        sys.stderr.write(f"\n{MARK}{type(exc).__name__}: {exc}"[:400])
        return FAILED
    head = json.dumps(header).encode()
    sys.stdout.buffer.write(struct.pack("<I", len(head)) + head + body.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:4]))
