"""Every file of tests/fixtures/bad gets its exact verdict, as an upload and as a file source.

A verdict is either "refused whole" with a message naming the file (and the line where
one line is to blame), or "rows kept" with each bad row refused and traced (file, line,
column, reason). Nothing raises, valid rows are kept, every table stays canonical.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from connectors import SourceRead, combine, read_source, read_upload
from connectors.formats.detect import understood_formats
from connectors.grid.limits import MAX_BYTES, MAX_ROWS, MAX_XLSX_EXPANDED, Limits
from connectors.sources.config import SourceConfig
from contract.schema import check_frame

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
FORMATS = understood_formats()
STOPPED = "the reader was stopped: the file made it ask for more memory than allowed, or crash"
CELL_LIMIT = (
    "a value is longer than 131,072 characters, the limit for one cell; the line was not read"
)


def _recipes() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Refused:
    error: str  # the exact message shown for the file


@dataclass(frozen=True)
class Kept:
    table: str
    column: str  # a column whose kept values are checked, in order
    values: list[object]
    refused: list[tuple[int, str | None, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


LEADS_12 = ["L1", "L2"]
EXPECTED: dict[str, Refused | Kept] = {
    "empty.csv": Refused("empty.csv is empty"),
    "whitespace_only.csv": Refused("whitespace_only.csv is empty"),
    "bom_only.csv": Refused("bom_only.csv is empty"),
    "only_delimiters.csv": Refused("only_delimiters.csv is empty"),
    "binary_image.csv": Refused(
        "binary_image.csv holds binary data, not a text export; Tandem reads CSV, TSV, XLSX "
        "and Parquet"
    ),
    "truncated.csv": Kept(
        "leads", "lead_id", LEADS_12, [(4, "created_at", "'2024-03-0' is not a valid date")]
    ),
    "truncated.xlsx": Refused(
        "truncated.xlsx is not a readable Excel workbook (damaged ZIP: File is not a zip file)"
    ),
    "truncated.parquet": Refused(
        "truncated.parquet is not a readable Parquet file (it is cut short: no footer)"
    ),
    "header_only.csv": Refused("header_only.csv has a header row but no data rows"),
    "one_mb_single_line.csv": Refused(f"one_mb_single_line.csv, line 1: {CELL_LIMIT}"),
    "long_value_in_a_row.csv": Kept("leads", "lead_id", ["L1", "L3"], [(3, None, CELL_LIMIT)]),
    "cp1252_not_utf8.csv": Kept(
        "leads",
        "campaign",
        ["Crème été", "Glow"],
        warnings=["cp1252_not_utf8.csv: not UTF-8; read as Windows-1252 (cp1252)"],
    ),
    "utf16_without_bom.csv": Kept(
        "leads", "owner", ["Ana", "Zoë"], warnings=["utf16_without_bom.csv: UTF-16"]
    ),
    "nul_bytes.csv": Kept(
        "leads",
        "lead_id",
        ["L1", "L3"],
        [(3, "owner", "holds a NUL byte (binary damage in the file)")],
    ),
    "mixed_types_in_a_column.csv": Kept(
        "spend",
        "spend",
        [120.5],
        [
            (3, "spend", "'abc' is not a number"),
            (4, "impressions", "'many' is not a number"),
            (5, "spend", "'2024-03-04' is not a number"),
        ],
    ),
    "duplicate_ids.csv": Kept(
        "leads", "lead_id", LEADS_12, [(4, "lead_id", "repeats the key L1 already read on line 2")]
    ),
    "impossible_dates.csv": Kept(
        "leads",
        "lead_id",
        ["L1"],
        [
            (3, "created_at", "'2026-02-30' is not a valid date"),
            (4, "created_at", "'2026-13-01' is not a valid date"),
            (5, "created_at", "'0000-01-01' is not a valid date"),
        ],
    ),
    # Refunds and credits are real: negative amounts are kept as the numbers they are.
    "negative_amounts.csv": Kept("spend", "spend", [-120.5, -40.0, 15.0]),
    "formula_strings.csv": Kept(
        "leads",
        "campaign",
        ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)"],
    ),
    "html_script_names.csv": Kept(
        "launches", "name", ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>"]
    ),
    "pivot_table.csv": Refused(
        "pivot_table.csv looks like a pivot table (summary blocks, 'Grand Total'), not rows of "
        f"data; export the underlying rows instead. Tandem understands: {FORMATS}"
    ),
    "xlsx_bomb.xlsx": Refused(
        "xlsx_bomb.xlsx would expand to 201.0 MB when opened, over the 200.0 MB bound for a "
        "workbook; export it as CSV or split it"
    ),
    "xlsx_no_sheets.xlsx": Refused("xlsx_no_sheets.xlsx is an Excel workbook with no worksheets"),
    "xlsx_far_cell.xlsx": Refused(
        f"xlsx_far_cell.xlsx is not a readable Excel workbook ({STOPPED})"
    ),
    "parquet_aborts_reader.parquet": Refused(
        f"parquet_aborts_reader.parquet is not a readable Parquet file ({STOPPED})"
    ),
    "parquet_dictionary_bomb.parquet": Refused(
        "parquet_dictionary_bomb.parquet has more than 1,000 rows holding a value longer than "
        "131,072 characters, the limit for one cell; Tandem does not read it"
    ),
    "xlsx_shared_string_bomb.xlsx": Refused(
        "xlsx_shared_string_bomb.xlsx holds 476.8 MB of text once decoded, over the 100.0 MB "
        "bound for one file; split it (e.g. by month)"
    ),
    "xlsx_password_flag.xlsx": Refused(
        "xlsx_password_flag.xlsx is not a readable Excel workbook: its parts use ZIP "
        "encryption, which Excel does not write"
    ),
    "xlsx_lzma_compressed.xlsx": Refused(
        "xlsx_lzma_compressed.xlsx is not a readable Excel workbook: it uses ZIP compression "
        "method 14, which Excel does not write"
    ),
    "password_protected.xlsx": Refused(
        "password_protected.xlsx is password-protected; remove the password in Excel and save again"
    ),
    "wrong_dtypes.parquet": Kept(
        "spend",
        "spend",
        [120.5],
        [
            (3, "impressions", "'2000.5' is not a whole number"),
            (4, "date", "'03/2024' is not a date"),
        ],
    ),
    "ragged_rows.csv": Kept(
        "leads",
        "lead_id",
        ["L1", "L4"],
        [
            (3, "created_at", "no value in 'created_at', needed for created_at"),
            (
                4,
                None,
                "has 6 cells where the header has 5: a value holding the delimiter without "
                "quotes would shift every cell after it",
            ),
        ],
    ),
    "unterminated_quote.csv": Kept(
        "leads",
        "lead_id",
        ["L1"],
        [
            (
                3,
                None,
                "a quoted value opened on line 3 is never closed, so lines 3-5 could not be "
                "split into cells",
            )
        ],
    ),
    "ten_thousand_columns.csv": Kept(
        "leads",
        "lead_id",
        LEADS_12,
        warnings=[
            "ten_thousand_columns.csv: columns Tandem does not use were left out: "
            + ", ".join(f"extra_{i:05d}" for i in range(2, 10))
            + " and 9990 more"
        ],
    ),
    "really_a_zip.csv": Refused(
        "really_a_zip.csv is a ZIP archive, not an Excel workbook; unzip it and give Tandem the "
        "exports inside"
    ),
    "json_renamed.csv": Refused(
        "json_renamed.csv is JSON, not a CSV/TSV export; export the data as CSV"
    ),
    "html_saved_as.xls": Refused(
        "html_saved_as.xls is a web page or XML document, not an export; save the report as "
        "CSV or XLSX"
    ),
    "old_binary_excel.xls": Refused(
        "old_binary_excel.xls is an old Excel .xls workbook; save it as .xlsx or CSV"
    ),
    "unknown_shape.csv": Refused(
        f"unknown_shape.csv: no header row matches a format Tandem understands: {FORMATS}"
    ),
    "ambiguous_dates.csv": Refused(
        "ambiguous_dates.csv: column 'created_at': dates such as 03/04 could be day/month or "
        "month/day and no value in the column settles it; export dates as YYYY-MM-DD"
    ),
    "mixed_date_orders.csv": Refused(
        "mixed_date_orders.csv: column 'created_at' mixes day/month and month/day dates"
    ),
    "nan_and_inf_amounts.csv": Kept(
        "spend",
        "spend",
        [12.5],
        [
            (3, "spend", "'nan' is not a number"),
            (4, "spend", "'inf' is not a number"),
            (5, "spend", "'1e999' is not a number"),
        ],
    ),
    "huge_count.csv": Kept(
        "spend",
        "spend",
        [12.5],
        [(3, "impressions", "'99999999999999999999' is too large for a count")],
    ),
    "excel_error_values.csv": Kept(
        "spend",
        "spend",
        [12.5],
        [(3, "spend", "'#DIV/0!' is not a number"), (4, "spend", "'#REF!' is not a number")],
    ),
    "cr_only_line_endings.csv": Kept("leads", "lead_id", LEADS_12),
}


def _corpus_files() -> list[str]:
    return sorted(
        p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix not in (".py", ".md")
    )


def test_the_corpus_holds_every_expected_file_and_no_other() -> None:
    assert _corpus_files() == sorted(EXPECTED) == sorted(_recipes().recipes())
    assert len(EXPECTED) >= 30
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert [name for name in EXPECTED if f"`{name}`" not in readme] == []


def _assert_verdict(name: str, read: SourceRead) -> None:
    expected = EXPECTED[name]
    health = read.health
    for table, frame in read.tables.items():  # whatever happened, the tables are canonical
        assert check_frame(table, frame) == []
    if isinstance(expected, Refused):
        assert health.error == expected.error
        assert health.error.startswith(name)
        assert all(frame.is_empty() for frame in read.tables.values())
        return
    assert health.error is None
    assert [(r.file, r.line, r.column, r.reason) for r in health.refused] == [
        (name, *refusal) for refusal in expected.refused
    ]
    assert health.warnings == expected.warnings
    assert read.tables[expected.table][expected.column].to_list() == expected.values
    assert [t for t, f in read.tables.items() if f.height] == [expected.table]
    assert health.rows_read == health.rows_kept + health.rows_refused
    assert health.rows_kept == len(expected.values)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_upload_gets_its_exact_verdict(name: str) -> None:
    _assert_verdict(name, read_upload(name, (CORPUS / name).read_bytes()))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_file_source_gets_the_same_verdict(name: str, tmp_path: Path) -> None:
    source = SourceConfig(name=f"export {name}", kind="file", path=CORPUS / name)
    read = read_source(source, credentials=None, snapshot_dir=tmp_path)
    _assert_verdict(name, read)
    assert read.stale_since is None
    assert (read.retry_after is not None) == isinstance(EXPECTED[name], Refused)


def test_names_from_the_data_stay_literal_text() -> None:
    read = read_upload("names.csv", (CORPUS / "html_script_names.csv").read_bytes())
    launches = read.tables["launches"]
    assert launches.row(1, named=True) == {
        "launch_id": "SPF",
        "name": "<img src=x onerror=alert(1)>",
        "brand": "<b>Lumen</b> & Co",
        "category": None,
        "launch_date": date(2024, 4, 1),
        "end_date": None,
        "target_audience": None,
        "regions": None,
        "channels": None,
        "marketing_owner": None,
        "sales_owner": None,
        "brief": None,
    }
    leads = read_upload("f.csv", (CORPUS / "formula_strings.csv").read_bytes()).tables["leads"]
    assert leads["owner"].to_list() == ["Ana", "Ana", "-2+3"]  # text, never evaluated


def test_a_folder_of_bad_exports_keeps_the_good_one(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    refused = [n for n, e in EXPECTED.items() if isinstance(e, Refused)]
    for name in refused:
        shutil.copy(CORPUS / name, folder / name)
    (folder / "zz_good.csv").write_text(
        "lead_id,created_at\nG1,2024-03-01\nG2,2024-03-02\n", encoding="utf-8"
    )
    source = SourceConfig(name="Exports", kind="folder", path=folder)
    read = read_source(source, credentials=None, snapshot_dir=tmp_path / "snaps")
    assert read.health.error is None
    assert read.tables["leads"]["lead_id"].to_list() == ["G1", "G2"]
    # .xls is not an export suffix a folder reads; every other refused file is named once.
    listed = [n for n in sorted(refused) if not n.endswith(".xls")]
    assert read.health.warnings == [
        f"{n} refused whole: {EXPECTED[n].error}"  # type: ignore[union-attr]
        for n in listed
    ]


def test_a_bad_source_leaves_the_other_sources_alone(tmp_path: Path) -> None:
    good_file = tmp_path / "leads.csv"
    good_file.write_text("lead_id,created_at\nG1,2024-03-01\n", encoding="utf-8")
    good = read_source(
        SourceConfig(name="CRM", kind="file", path=good_file),
        credentials=None,
        snapshot_dir=tmp_path,
    )
    bad = read_source(
        SourceConfig(name="Ads", kind="file", path=CORPUS / "xlsx_bomb.xlsx"),
        credentials=None,
        snapshot_dir=tmp_path,
    )
    upload = read_upload("pivot.csv", (CORPUS / "pivot_table.csv").read_bytes())
    tables = combine([good, bad, upload])
    assert tables["leads"]["lead_id"].to_list() == ["G1"]
    assert good.health.error is None and good.health.warnings == []
    assert bad.health.error == EXPECTED["xlsx_bomb.xlsx"].error  # type: ignore[union-attr]


def test_an_upload_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    big = b"lead_id,created_at\n" + b"L1,2024-03-01\n" * (MAX_BYTES // 14)
    big += b"x" * (MAX_BYTES + 1 - len(big))
    read = read_upload("big.csv", big)
    assert read.health.error == (
        "big.csv is 50.0 MB, over the 50.0 MB limit for one export; split it (e.g. by month) "
        "or filter it before exporting"
    )
    assert read.health.rows_read == 0
    # The limit is a keyword option; a file of exactly the limit is read.
    small = b"lead_id,created_at\nL1,2024-03-01\n"
    assert read_upload("s.csv", small, limits=Limits(max_bytes=len(small))).health.error is None
    over = read_upload("s.csv", small, limits=Limits(max_bytes=len(small) - 1)).health.error
    assert over is not None and over.startswith("s.csv is 0.0 MB, over the 0.0 MB limit")


def test_a_file_of_too_many_rows_is_refused_before_its_rows_are_typed() -> None:
    rows = MAX_ROWS + 200  # past the 100 lines allowed for headers, preambles and totals
    data = b"lead_id,created_at\n" + b"L,2024-03-01\n" * rows
    started = time.perf_counter()
    read = read_upload("many.csv", data)
    assert read.health.error == (
        f"many.csv has {rows:,} rows, over the 1,000,000 Tandem reads from one file or sheet; "
        "split it (e.g. by month) or filter it before exporting"
    )
    assert time.perf_counter() - started < 5  # counted, not parsed (parsing takes minutes)
    # The bound is a keyword option, counted in data rows (the header is not one).
    small = b"lead_id,created_at\nL1,2024-03-01\nL2,2024-03-02\n"
    assert read_upload("s.csv", small, limits=Limits(max_rows=2)).health.error is None
    assert read_upload("s.csv", small, limits=Limits(max_rows=1)).health.error == (
        "s.csv has 2 rows, over the 1 Tandem reads from one file or sheet; split it "
        "(e.g. by month) or filter it before exporting"
    )


def test_a_file_source_over_the_limit_is_refused_without_being_loaded(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: 50 MB + 1 byte on paper, nothing on disk
        handle.truncate(MAX_BYTES + 1)
    source = SourceConfig(name="Huge", kind="file", path=path)
    read = read_source(
        source, credentials=None, snapshot_dir=tmp_path / "snaps", max_bytes=MAX_BYTES
    )
    assert read.health.error == (
        "huge.csv is 50.0 MB, over the 50.0 MB limit for one export; split it (e.g. by month) "
        "or filter it before exporting"
    )


def test_the_bomb_is_small_on_disk_and_declares_more_than_the_bound() -> None:
    path = CORPUS / "xlsx_bomb.xlsx"
    assert path.stat().st_size < 200 * 1024
    with zipfile.ZipFile(path) as archive:
        declared = sum(m.file_size for m in archive.infolist())
        sheet = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    assert sheet == _recipes().BOMB_SHEET_BYTES
    assert declared > MAX_XLSX_EXPANDED
    # The bound is a keyword option: a workbook under it is read, one over it is not.
    ok = CORPUS / "truncated.xlsx"
    good = _recipes()._good_xlsx()
    assert ok.read_bytes() == good[:900]
    assert read_upload("g.xlsx", good).health.error is None
    tight = read_upload("g.xlsx", good, limits=Limits(max_xlsx_expanded=1000)).health.error
    assert tight is not None and tight.startswith("g.xlsx would expand to 0.0 MB when opened")


def test_a_workbook_whose_headers_understate_its_size_is_measured_and_refused() -> None:
    # 201 MB of sheet behind headers that declare 1,000 bytes: the Excel reader would
    # inflate all of it (it does not stop at the declared size), so Tandem counts first.
    liar = _recipes().lying_xlsx(201 * 1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert sum(m.file_size for m in archive.infolist()) < MAX_XLSX_EXPANDED
    assert read_upload("liar.xlsx", liar).health.error == (
        "liar.xlsx would expand to more than 200.0 MB when opened, though its ZIP headers "
        "declare 0.0 MB; Tandem does not open it"
    )
    # Under the bound the same kind of file is opened: its sheet is empty, hence no header.
    small = _recipes().lying_xlsx(2 * 1024 * 1024)
    assert read_upload("small.xlsx", small).health.error == (
        f"small.xlsx: no header row matches a format Tandem understands: {FORMATS}"
    )
    assert read_upload(
        "small.xlsx", small, limits=Limits(max_xlsx_expanded=1024 * 1024)
    ).health.error == (
        "small.xlsx would expand to more than 1.0 MB when opened, though its ZIP headers "
        "declare 0.0 MB; Tandem does not open it"
    )


def test_the_committed_files_match_their_recipes(tmp_path: Path) -> None:
    recipes = _recipes()
    # The bomb takes seconds to compress; its size and bound are checked above instead.
    names = set(recipes.recipes()) - {"xlsx_bomb.xlsx"}
    recipes.write(tmp_path, only=names)
    differ = [n for n in sorted(names) if (tmp_path / n).read_bytes() != (CORPUS / n).read_bytes()]
    assert differ == []
