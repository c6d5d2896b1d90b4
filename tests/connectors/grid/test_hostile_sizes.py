"""Small files that describe huge grids are refused before they cost the app anything.

Each case is an attack from the security review, reproduced: a 533-byte Parquet file
that is 3 GB of strings once each cell is a Python string, a 60 KB Parquet file of 20
million rows, a 49 MB CSV line of 49 million empty fields, rows far wider than their
header. Each is measured (time, and this process's peak memory, printed and listed at
the end of the run) and bounded generously; the bounds are connectors/grid/limits.py.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pyarrow.parquet as pq

from connectors import read_upload
from connectors.grid.limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from tests.bounded import bounded

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "bad"
LEADS = b"lead_id,created_at,channel,campaign,owner\n"
CELL_LIMIT = (
    "a value is longer than 131,072 characters, the limit for one cell; the row was not read"
)


def _recipes() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def test_a_533_byte_dictionary_bomb_is_refused_in_the_child() -> None:
    data = (CORPUS / "parquet_dictionary_bomb.parquet").read_bytes()
    assert len(data) == 533  # one 1 MB string, 3,000 times: 3 GB as Python strings
    with bounded("533-byte Parquet, a 1 MB string x 3,000", megabytes=300):
        read = read_upload("bomb.parquet", data)
    assert read.health.error == (
        "bomb.parquet has more than 1,000 rows holding a value longer than 131,072 "
        "characters, the limit for one cell; Tandem does not read it"
    )


def test_a_dictionary_of_values_under_the_cell_limit_is_refused_by_its_text() -> None:
    # 100,000 characters fit one cell; 30,000 of them are 3 GB of text.
    data = _recipes().dictionary_bomb(value_chars=100_000, repeat=30_000)
    assert len(data) < 2_000
    with bounded("2 KB Parquet, a 100 KB string x 30,000", megabytes=300):
        read = read_upload("text.parquet", data)
    assert read.health.error == (
        "text.parquet holds 2,861.0 MB of text once decoded, over the 100.0 MB bound for one "
        "file; split it (e.g. by month)"
    )


def test_a_few_rows_with_an_over_long_value_are_refused_with_their_lines() -> None:
    table = pa.table(
        {
            "lead_id": ["L1", "L2", "L3"],
            "created_at": ["2024-03-01", "2024-03-02", "2024-03-03"],
            "campaign": ["Glow", "x" * 200_000, "Glow"],
        }
    )
    read = read_upload("long.parquet", _parquet(table))
    assert read.health.error is None
    assert read.tables["leads"]["lead_id"].to_list() == ["L1", "L3"]
    assert [(r.line, r.column, r.reason) for r in read.health.refused] == [(3, None, CELL_LIMIT)]
    assert (read.health.rows_read, read.health.rows_kept, read.health.rows_refused) == (3, 2, 1)


def test_twenty_million_rows_are_refused_from_the_footer() -> None:
    data = _recipes().many_rows_parquet(20_000_000)
    assert len(data) < 80_000
    with bounded(f"{len(data) // 1000} KB Parquet of 20,000,000 rows", megabytes=300):
        read = read_upload("many.parquet", data)
    assert read.health.error == (
        f"many.parquet has 20,000,000 rows, over the {MAX_ROWS:,} Tandem reads from one file "
        "or sheet; split it (e.g. by month) or filter it before exporting"
    )


def test_too_many_columns_or_cells_are_refused_from_the_footer() -> None:
    wide = _parquet(pa.table({f"c{i}": [1] for i in range(MAX_COLUMNS + 1)}))
    with bounded("Parquet of 16,385 columns", megabytes=300):
        read = read_upload("wide.parquet", wide)
    assert read.health.error == (
        "wide.parquet has 16,385 columns, over the 16,384 Tandem reads (the most a spreadsheet "
        "holds); export only the columns you need"
    )
    ones = pa.repeat(pa.scalar(1, pa.int8()), MAX_CELLS // 20 + 1)
    many = _parquet(pa.table({f"c{i}": ones for i in range(20)}))  # 10,000,020 cells
    with bounded("Parquet of 500,001 rows x 20 columns", megabytes=300):
        read = read_upload("cells.parquet", many)
    assert read.health.error == (
        "cells.parquet has more than 10,000,000 cells (rows times columns), the most Tandem "
        "reads from one file; export only the columns you need, or split it by month"
    )


def test_a_workbook_whose_shared_string_fills_every_cell_is_refused_by_its_text() -> None:
    data = (CORPUS / "xlsx_shared_string_bomb.xlsx").read_bytes()
    with bounded("28 KB workbook, a 100 KB shared string x 5,000", megabytes=300):
        read = read_upload("shared.xlsx", data)
    assert read.health.error is not None
    assert read.health.error.startswith("shared.xlsx holds 476.8 MB of text once decoded")


def test_a_49_mb_line_of_empty_fields_is_not_split() -> None:
    data = LEADS + b"," * 49_000_000 + b"\n"
    with bounded("49 MB CSV line of 49,000,001 empty fields", megabytes=500):
        read = read_upload("fields.csv", data)
    assert read.health.error == (
        "fields.csv, line 2: holds 49,000,000 delimiters, more than the 16,384 columns a row "
        "may have; the line was not read"
    )


def test_a_file_of_delimiters_alone_is_empty_however_large() -> None:
    with bounded("49 MB CSV of delimiters alone", megabytes=500):
        read = read_upload("commas.csv", b"," * 49_000_000)
    assert read.health.error == "commas.csv is empty"


def test_rows_wider_than_the_header_are_refused_without_being_kept() -> None:
    good = b"".join(b"L%d,2024-03-01,email,Glow,Ana\n" % i for i in range(1, 21))
    wide = b"x," * 10_000 + b"\n"  # 10,001 cells, every one filled
    padded = b"L21,2024-03-02,email,Glow,Ana" + b"," * 10_000 + b"\n"  # blank cells only
    data = LEADS + good + wide * 2_400 + padded
    assert len(data) > 48_000_000
    with bounded("48 MB CSV, 2,400 rows of 10,001 cells", megabytes=600):
        read = read_upload("wide.csv", data)
    health = read.health
    assert health.error is None
    assert read.tables["leads"]["lead_id"].to_list() == [f"L{i}" for i in range(1, 22)]
    assert health.rows_refused == 2_400 and len(health.refused) == 1_000
    assert health.refused[0].line == 22
    assert health.refused[0].reason == (
        "has 10,001 cells where the header has at most 5; the line was not read"
    )


def test_a_wide_header_with_many_rows_is_refused_by_its_cells() -> None:
    header = b",".join(b"c%d" % i for i in range(16_000)) + b"\n"
    data = header + (b"," * 15_999 + b"\n") * 3_000  # 48 million cells
    with bounded("48 MB CSV, 16,000 columns x 3,000 rows", megabytes=600):
        read = read_upload("cells.csv", data)
    assert read.health.error == (
        "cells.csv has more than 10,000,000 cells (rows times columns), the most Tandem reads "
        "from one file; export only the columns you need, or split it by month"
    )


def test_lines_ended_by_cr_alone_count_toward_the_row_bound() -> None:
    rows = MAX_ROWS + 200
    data = b"lead_id,created_at\r" + b"L,2024-03-01\r" * rows
    with bounded("13 MB CSV of 1,000,200 CR-ended rows", megabytes=300):
        read = read_upload("mac.csv", data)
    assert read.health.error == (
        f"mac.csv has {rows:,} rows, over the 1,000,000 Tandem reads from one file or sheet; "
        "split it (e.g. by month) or filter it before exporting"
    )


def test_a_file_of_refused_rows_lists_the_first_thousand_and_counts_every_one() -> None:
    rows = 999_000  # 31 MB: under the row bound, every row refused for its date
    data = LEADS + b"".join(b"L%d,not a date,email,Glow,Ana\n" % i for i in range(rows))
    with bounded("31 MB CSV of 999,000 refused rows", megabytes=1_500):
        read = read_upload("refused.csv", data)
    health = read.health
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (rows, 0, rows)
    assert len(health.refused) == 1_000
    assert health.refused[-1].line == 1_001
    assert health.warnings == [
        "refused.csv: more than 1,000 rows were refused; the first 1,000 are listed with "
        "their reasons, every one is counted"
    ]
