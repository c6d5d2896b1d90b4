"""The child process of connectors/grid/isolated.py: decodes one XLSX or Parquet from stdin.

Run as a script (`python -I isolated_child.py xlsx|parquet MEMORY BOUNDS [SHEET]`), never
imported by the app: it sets its own memory ceiling first, then decodes with the Rust
readers, which may abort the process on a hostile file. BOUNDS is a JSON object of the
app's bounds (rows, columns, cells, cell_chars, text_bytes, long_rows); the child
measures the file against them and sends the frame only when it fits, so that nothing
over a bound crosses to the app (docs/architecture.md, "Hostile input"). A workbook's
SHEET is read, else its first sheet with data.

Output on stdout: a 4-byte length, a JSON header, then the frame as Arrow IPC, or no
frame when a measure is over its bound. The header holds the worksheet names, the one
read, and the measures: rows, columns, text_bytes (every cell's text, as the app will
hold it) and long_rows (the positions of rows holding a value over `cell_chars`, dropped
from the frame). A readable failure exits with FAILED and the reason after MARK on
stderr.
"""

from __future__ import annotations

import io
import json
import struct
import sys
from typing import Any

FAILED = 3
MARK = "@@tandem-reason@@"
# bytes of b"\x01" shown as the app shows them, "\\x01": four characters per byte at most
_BINARY_AS_TEXT = 4


class Unreadable(Exception):
    """A file the child will not decode; the message says why in plain words."""


def _limit_memory(ceiling: int) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: the time limit still applies
        return
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _over(measures: dict[str, Any], bounds: dict[str, int]) -> bool:
    rows, columns = measures["rows"], measures["columns"]
    return bool(
        rows > bounds["rows"] or columns > bounds["columns"] or rows * columns > bounds["cells"]
    )


def _decode(
    kind: str, data: bytes, bounds: dict[str, int], wanted: str
) -> tuple[Any, dict[str, Any]]:
    """The frame and header; a workbook's named sheet (`wanted`), else its first with data."""
    import polars as pl

    if kind == "parquet":
        import pyarrow.parquet as pq

        # The footer says how many rows and columns there are: a 71 KB file can declare
        # 20 million rows, refused here without decoding one.
        footer = pq.read_metadata(io.BytesIO(data))
        measures = {"rows": footer.num_rows, "columns": footer.num_columns}
        if _over(measures, bounds):
            return None, measures
        return _measured(pl.read_parquet(io.BytesIO(data)), {}, bounds)
    import fastexcel

    reader = fastexcel.read_excel(data)
    names = list(reader.sheet_names)
    if wanted and wanted not in names:
        return pl.DataFrame(), {"sheets": names, "read": None, "rows": 0, "columns": 0}
    sheet = pl.DataFrame()
    for name in [wanted] if wanted else names:
        sheet = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        # A search, not a stripped copy: a sheet may hold hundreds of MB of text.
        cells = sheet.select(pl.all().str.contains(r"\S").any()) if sheet.width else None
        if cells is not None and any(cells.row(0)):
            return _measured(sheet, {"sheets": names, "read": name}, bounds)
    read = wanted or (names[0] if names else None)
    return _measured(sheet, {"sheets": names, "read": read}, bounds)


def _measured(frame: Any, header: dict[str, Any], bounds: dict[str, int]) -> tuple[Any, Any]:
    """The frame without rows holding an over-long value, and what was measured."""
    import polars as pl
    import polars.selectors as cs

    header |= {"rows": frame.height, "columns": frame.width}
    if _over(header, bounds):
        return None, header
    nested = [n for n, t in frame.schema.items() if t.is_nested() or t == pl.Object]
    if nested:
        raise Unreadable(
            f"column '{nested[0]}' holds {frame.schema[nested[0]]} values; Tandem reads flat "
            "columns only"
        )
    # Text lengths without making the text: a dictionary (Categorical) column measures its
    # categories, a String column its views; neither copies a value.
    lengths = [
        *(pl.col(n).str.len_chars().alias(n) for n in frame.select(cs.string()).columns),
        *(pl.col(n).cat.len_chars().alias(n) for n in frame.select(cs.categorical()).columns),
        *(pl.col(n).bin.size().alias(n) for n in frame.select(cs.binary()).columns),
    ]
    if not lengths:
        return frame, header | {"text_bytes": 0, "long_rows": []}
    too_long = pl.any_horizontal(e > bounds["cell_chars"] for e in lengths).fill_null(False)
    long_rows = frame.select(pl.arg_where(too_long)).to_series().to_list()
    header["long_rows"] = long_rows[: bounds["long_rows"] + 1]
    if len(long_rows) > bounds["long_rows"]:
        return None, header
    if long_rows:
        frame = frame.filter(~too_long)
    sizes = [
        *(pl.col(n).str.len_bytes() for n in frame.select(cs.string()).columns),
        *(pl.col(n).cat.len_bytes() for n in frame.select(cs.categorical()).columns),
        *(pl.col(n).bin.size() * _BINARY_AS_TEXT for n in frame.select(cs.binary()).columns),
    ]
    total = frame.select(pl.sum_horizontal(s.cast(pl.UInt64).sum() for s in sizes)).item()
    header["text_bytes"] = int(total or 0)
    if header["text_bytes"] > bounds["text_bytes"]:
        return None, header
    return frame, header


def main(kind: str, ceiling: int, bounds: dict[str, int], wanted: str = "") -> int:
    _limit_memory(ceiling)
    data = sys.stdin.buffer.read()
    body = io.BytesIO()
    try:
        frame, header = _decode(kind, data, bounds, wanted)
        if frame is not None:
            frame.write_ipc(body)
    except BaseException as exc:  # a Rust panic arrives as a BaseException
        reason = str(exc) if isinstance(exc, Unreadable) else f"{type(exc).__name__}: {exc}"
        sys.stderr.write(f"\n{MARK}{reason}"[:400])
        return FAILED
    head = json.dumps(header).encode()
    sys.stdout.buffer.write(struct.pack("<I", len(head)) + head + body.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), *sys.argv[4:5]))
