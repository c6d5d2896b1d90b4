"""Canonical tables typed a column at a time, whatever wrote the file.

A file with Tandem's canonical columns (contract/schema.py) may come from pandas,
Spark, DuckDB, a spreadsheet or Tandem itself, each with its own dtypes: a null-typed
empty column, int32 counts, nanosecond or zoned timestamps, dates as datetimes, text
where numbers were meant. Typing its cells one by one costs about 150 µs a row. Here
every column is cast in bulk (bulk_cast.py, bulk_text.py) to exactly the values the
cell-by-cell rules give; rows with a cell the bulk casts cannot settle, a missing
required value or a value outside its allowed set go through those rules
(connectors/formats/mapping.py), which keep them or refuse them with file, line,
column and reason. Rows repeating an earlier row's key are refused as the cell path
refuses them. Both paths give the same frames and the same refusals; tests hold them
to it (docs/architecture.md, "Reading real exports").

Files declared in sources.toml (and files named to `tandem check`) are read in this
process, as Tandem reads its own snapshots. Uploads are untrusted: their bytes are
decoded in a child process (connectors/grid/isolated.py), and their rows, as text,
come through `from_raw`.
"""

from __future__ import annotations

import io
import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from contract.schema import ALLOWED_VALUES, CHANNELS, TABLES, UNASSIGNED, Table

from connectors.formats import bulk_cast, bulk_text, values
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.adapters.canonical import channel_and_allowed_values, fields_of
from connectors.formats.dates import Order
from connectors.formats.detect import detect
from connectors.formats.fields import Column, find
from connectors.formats.mapping import (
    RowRefused,
    extra_cells_reason,
    shown_key,
    typed_record,
    warn_closed_before_created,
)
from connectors.grid.cells import Grid, RawTable
from connectors.grid.decode import cell_text
from connectors.grid.limits import Limits, check_rows
from connectors.health import DataHealth
from connectors.keys import all_unique, key_expr

_ROW = "__row"
_LINE = "__line"
_BAD = "__bad"
_NUMERIC = ("money", "float", "count")


@dataclass(frozen=True)
class Cells:
    """A file's rows as columns: one per header entry, named by position."""

    file: str
    header: list[str]
    frame: pl.DataFrame  # columns "0", "1", …: the file's own dtypes
    lines: pl.Series  # each row's line (CSV) or row (Parquet, header = row 1)
    row_text: Callable[[int], list[str]]  # one row's cells as text, for the cell rules
    extra: pl.Series | None = None  # rows with filled cells past the header (CSV)
    blank_rows: bool = True  # False where blank rows were left out already (cells.table_from)
    # Text columns whose bytes were checked while decoding: printable ASCII, unpadded.
    printable: dict[int, bool] = field(default_factory=dict)


def read_typed_parquet(
    file_name: str, data: bytes, health: DataHealth, *, table: str | None, limits: Limits
) -> Frames | None:
    """A canonical table from a Parquet file read in this process; None when it is not one.

    Only for files on the server's disk: the footer decides whether the columns are a
    canonical table's (by the same header detection as any export), then the columns
    are read with their writer's dtypes and cast in bulk.
    """
    try:
        footer = pq.ParquetFile(io.BytesIO(data)).metadata  # the footer only
        adapter, _ = detect(Grid(file_name, [footer.schema.names], [1]), table=table)
    except Exception:  # not a readable footer, or not canonical: the general path says why
        return None
    if not adapter.known:
        return None
    check_rows(file_name, footer.num_rows, limits)
    printable = _decoded_text(data)
    if printable is None:
        return None
    # A dictionary-encoded column (Tandem's own files, contract/schema.py `Code`) is
    # typed as text, as any writer's: decoded here a file at a time, encoded again by
    # the cast to the contract's dtype.
    frame = pl.read_parquet(io.BytesIO(data))
    frame = frame.cast({pl.Categorical: pl.String, pl.Enum: pl.String})
    health.format = adapter.name
    positional = frame.rename({name: str(i) for i, name in enumerate(frame.columns)})
    cells = Cells(
        file_name,
        list(frame.columns),
        positional,
        pl.int_range(2, frame.height + 2, eager=True),
        lambda i: [cell_text(v) for v in positional.row(i)],
        printable={i: printable[name] for i, name in enumerate(frame.columns) if name in printable},
    )
    kept = typed(cells, adapter, health)
    return None if kept is None else {adapter.tables[0]: kept}


def _decoded_text(data: bytes) -> dict[str, bool] | None:
    """Whether each text column's bytes are all printable (bulk_text.printable_ascii), or
    None when a page does not decode: pyarrow raises on a damaged page, where polars'
    reader can end the whole process (connectors/grid/isolated.py).

    Decoded batch by batch and thrown away, so it costs time, not memory; polars then
    reads the file into a frame half the size of pyarrow's converted one. The text
    check rides on this pass: on pyarrow's own buffers it needs no conversion.
    """
    printable: dict[str, bool] = {}
    try:
        for batch in pq.ParquetFile(io.BytesIO(data)).iter_batches(batch_size=1 << 16):
            for name, column in zip(batch.schema.names, batch.columns, strict=True):
                text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
                if text and printable.get(name, True):
                    printable[name] = bulk_text.printable_ascii(column)
    except Exception:
        return None
    return printable


def from_raw(raw: RawTable, adapter: Adapter, health: DataHealth) -> pl.DataFrame:
    """A canonical table from rows of text (CSV, a workbook, an upload), typed in bulk."""
    width = len(raw.header)
    # One transposition in C rather than a Python pass per column; short rows pad with "".
    transposed = itertools.zip_longest(*raw.rows, fillvalue="")
    columns = {str(i): list(cells) for i, cells in zip(range(width), transposed, strict=False)}
    columns |= {str(i): [""] * len(raw.rows) for i in range(len(columns), width)}
    long_rows = [i for i, row in enumerate(raw.rows) if len(row) > width]
    extra = pl.Series([False] * len(raw.rows))
    if long_rows:
        extra.scatter([i for i in long_rows if extra_cells_reason(raw.rows[i], width)], True)
    cells = Cells(
        raw.file,
        raw.header,
        pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)),
        pl.Series(raw.lines, dtype=pl.Int64),
        raw.rows.__getitem__,
        extra,
        blank_rows=False,
    )
    frame = typed(cells, adapter, health)
    if frame is None:  # channel labels to map: the adapter's own reader does it
        return adapter.read(raw, Context([]), health)[adapter.tables[0]]
    return frame


def typed(cells: Cells, adapter: Adapter, health: DataHealth) -> pl.DataFrame | None:
    """The adapter's canonical table from `cells`; bad rows refused, others kept in order.

    None, with `health` untouched, when a channel label must be mapped to Tandem's
    vocabulary ('Paid Search'): the canonical adapter does that, row by row, and notes
    the labels it filed under 'other'.
    """
    spec = TABLES[adapter.tables[0]]
    header_only = RawTable(cells.file, cells.header, [], [])
    if not _channels_settled(cells, spec, header_only):
        return None
    adapter.read(header_only, Context([]), health)  # notes the columns left out, as usual
    columns = _columns(cells, spec, header_only)
    marked = _cast(cells, spec, columns, _untouched(cells, columns), _iso_only(cells, columns))
    health.rows_read += marked.height
    good = marked.filter(~pl.col(_BAD)).drop(_BAD)
    refused: list[tuple[int, str | None, str]] = []
    if good.height < marked.height:
        rescued = _by_cell_rules(cells, spec, columns, marked, refused)
        good = pl.concat([good, rescued]).sort(_ROW)
    kept = _first_of_each_key(good, spec, columns, refused)
    for line, column, reason in sorted(refused, key=lambda r: r[0]):
        health.refuse(cells.file, line, column, reason)
    health.rows_kept += kept.height
    if spec.name == "deals":  # named as the cell path names them (mapping.build_table)
        warn_closed_before_created(kept, kept[_LINE].to_list(), cells.file, health)
    return kept.drop(_ROW, _LINE)


def _channels_settled(cells: Cells, spec: Table, header: RawTable) -> bool:
    """True when every channel is empty or already a vocabulary key ('paid_search')."""
    position = find(header, "channel")
    if "channel" not in spec.columns or position is None:
        return True
    channel = cells.frame[str(position)]
    if channel.dtype != pl.String:
        return bool(channel.is_null().all())
    keys = [
        v for (t, c), vs in ALLOWED_VALUES.items() if (t, c) == (spec.name, "channel") for v in vs
    ]
    settled = channel.is_null() | channel.is_in(values.NULL_TOKENS)
    if spec.name in ("spend", "leads"):
        settled |= channel.is_in(CHANNELS)
    elif keys:
        settled |= channel.is_in(keys)
    else:
        settled |= channel.str.contains(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
    return bool(settled.all())


def _columns(cells: Cells, spec: Table, header: RawTable) -> list[Column]:
    """Where each canonical column is, and its decimal mark and day/month order.

    The mark and the order are decided from the whole column, as fields.locate does; a
    column the file does not have is empty.
    """
    fields = fields_of(spec)
    found = [(f, find(header, *f.sources)) for f in fields]
    text = {p for _, p in found if p is not None and cells.frame[str(p)].dtype == pl.String}
    numeric = [p for f, p in found if f.kind in _NUMERIC and p is not None]
    # The file's mark settles a column whose own numbers do not; only text needs one.
    file_mark = _file_mark(cells, numeric) if text.intersection(numeric) else "."
    columns = []
    for f, position in found:
        header_name = cells.header[position] if position is not None else None
        mark, order = ".", Order.YMD
        if position in text:
            series = cells.frame[str(position)]
            if f.kind in _NUMERIC:
                mark = bulk_text.decimal_mark(series, file_mark)
            if f.kind in ("date", "stamp") and not bulk_text.iso_only(series):
                # An all-ISO column is year first and never ambiguous (dates.infer_order).
                order = bulk_text.date_order(series, header_name or f.target)
        columns.append(Column(f, position, header_name, order, mark))
    return columns


def _file_mark(cells: Cells, positions: Sequence[int]) -> str:
    """fields.file_decimal_mark over every numeric column's text."""
    parts = [_as_text(cells.frame[str(p)]) for p in positions]
    return bulk_text.decimal_mark(pl.concat(parts)) if parts else "."


def _as_text(series: pl.Series) -> pl.Series:
    """A column's cells as decode.py writes them (a file mixing typed and text numbers)."""
    if series.dtype == pl.String:
        return series
    return pl.Series([cell_text(v) for v in series.to_list()], dtype=pl.String)


def _untouched(cells: Cells, columns: list[Column]) -> set[int]:
    """The text columns whose every cell is already what the text rules would make of it."""
    text = [
        c.position
        for c in columns
        if c.position is not None
        and c.spec.kind in ("text", "id")
        and cells.frame[str(c.position)].dtype == pl.String
    ]
    return {
        p
        for p in text
        if bulk_text.untouched(cells.frame[str(p)], printable=cells.printable.get(p))
    }


def _iso_only(cells: Cells, columns: list[Column]) -> set[int]:
    """The text date and time columns whose every cell is ISO or empty."""
    return {
        c.position
        for c in columns
        if c.position is not None
        and c.spec.kind in ("date", "stamp")
        and cells.frame[str(c.position)].dtype == pl.String
        and bulk_text.iso_only(cells.frame[str(c.position)])
    }


def _cast(
    cells: Cells, spec: Table, columns: list[Column], untouched: set[int], iso: set[int]
) -> pl.DataFrame:
    """Every canonical column cast in bulk, each row's line, and whether it needs the cell rules."""
    values: list[pl.Expr] = []
    problems: list[pl.Expr] = []
    for column in columns:
        name, dtype = column.spec.target, spec.columns[column.spec.target]
        value: pl.Expr = pl.lit(None, dtype)
        if column.position is not None:
            source = str(column.position)
            value, bad = bulk_cast.cast(
                pl.col(source),
                cells.frame.schema[source],
                column.spec.kind,
                mark=column.decimal,
                order=None if column.position in iso else column.order,
                untouched=column.position in untouched,
            )
            problems.append(bad)
        if name == "launch_id" and name in spec.required:
            value = pl.coalesce(value, pl.lit(UNASSIGNED))  # launch rules may map it later
        values.append(value.cast(dtype).alias(name))
    typed = [pl.col(name) for name in spec.columns]
    checks = [
        c.is_null() for c, name in zip(typed, spec.columns, strict=True) if name in spec.required
    ]
    for (table, name), allowed in ALLOWED_VALUES.items():
        if table == spec.name:
            checks.append(pl.col(name).is_not_null() & ~pl.col(name).is_in(allowed))
    frame = cells.frame.with_columns(cells.lines.alias(_LINE))
    if cells.extra is not None:
        frame = frame.with_columns(cells.extra.alias("__extra"))
        problems.append(pl.col("__extra"))
    blank = _blank(cells.frame) if cells.blank_rows else pl.lit(False)
    return (
        frame.with_row_index(_ROW)
        .filter(~blank)
        .select(
            _ROW,
            _LINE,
            *values,
            pl.any_horizontal(pl.lit(False), *problems).alias("__cast_bad"),
        )
        .with_columns(pl.any_horizontal(pl.col("__cast_bad"), *checks).alias(_BAD))
        .drop("__cast_bad")
    )


def _blank(frame: pl.DataFrame) -> pl.Expr:
    """Rows with no value in any cell: not data (cells.table_from skips them too)."""
    if any(s.dtype != pl.String and not s.has_nulls() for s in frame.iter_columns()):
        return pl.lit(False)  # a column with no empty cell: no row is blank (the usual case)
    empty = [
        pl.col(name).is_null() | (bulk_text.stripped(pl.col(name)) == "")
        if dtype == pl.String
        else pl.col(name).is_null()
        for name, dtype in frame.schema.items()
    ]
    return pl.all_horizontal(empty) if empty else pl.lit(False)


def _by_cell_rules(
    cells: Cells,
    spec: Table,
    columns: list[Column],
    marked: pl.DataFrame,
    refused: list[tuple[int, str | None, str]],
) -> pl.DataFrame:
    """The flagged rows through the cell-by-cell rules: kept as typed there, or refused."""
    derive = partial(channel_and_allowed_values, spec.name, Counter[str]())  # channels are settled
    width = len(cells.header)
    kept: list[tuple[Any, ...]] = []
    flagged = marked.filter(pl.col(_BAD)).select(_ROW, _LINE)
    for row, line in flagged.iter_rows():
        text = cells.row_text(row)
        extra = extra_cells_reason(text, width)
        if extra:
            refused.append((line, None, extra))
            continue
        try:
            record = typed_record(text, columns, spec.required, derive)
        except RowRefused as exc:
            refused.append((line, exc.column, exc.reason))
            continue
        kept.append((row, line, *(record.get(name) for name in spec.columns)))
    schema = {_ROW: marked.schema[_ROW], _LINE: pl.Int64(), **spec.columns}
    return pl.DataFrame(kept, schema=schema, orient="row")


def _first_of_each_key(
    frame: pl.DataFrame,
    spec: Table,
    columns: list[Column],
    refused: list[tuple[int, str | None, str]],
) -> pl.DataFrame:
    """Rows whose key an earlier kept row has are refused, naming that row's line."""
    if all_unique(frame, spec.key):  # cheaper than marking the first of each
        return frame
    first = key_expr(spec.key).is_first_distinct()
    headers = {c.spec.target: c.header for c in columns}
    column = headers.get(spec.key[0]) or spec.key[0]
    repeats = frame.with_columns(pl.col(_LINE).first().over(spec.key).alias("__first")).filter(
        ~first
    )
    for row in repeats.select(*spec.key, _LINE, "__first").iter_rows():
        *key, line, earlier = row
        reason = f"repeats the key {shown_key(tuple(key))} already read on line {earlier}"
        refused.append((line, column, reason))
    return frame.filter(first)
