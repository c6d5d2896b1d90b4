"""Shared helpers for the connector tests: the real-exports folder and tiny file builders."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TypeVar
from xml.sax.saxutils import escape

import polars as pl
import pytest

from connectors.formats.adapters.base import Frames
from connectors.formats.export import read_export
from connectors.health import DataHealth
from tests.connectors.fake_sheets import FakeSheets, make_private_key, serve, service_account

# The repository's parent holds shared/datasets (CI puts it beside the checkout).
DATASETS = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets"
# Exports in the vendors' documented shapes, made for these tests (see its README).
VENDORS = Path(__file__).resolve().parents[1] / "fixtures" / "vendors"

_skip_without_datasets = pytest.mark.skipif(
    not DATASETS.is_dir(), reason=f"real exports not found at {DATASETS} (absent in a fresh clone)"
)
F = TypeVar("F", bound=Callable[..., object])


def needs_datasets(test: F) -> F:
    """Mark a test as reading ../shared/datasets (`-m datasets`), skipped where it is absent."""
    return pytest.mark.datasets(_skip_without_datasets(test))  # type: ignore[no-any-return]


def read_text(name: str, text: str, encoding: str = "utf-8") -> tuple[Frames, DataHealth]:
    """Read an inline export as if it were a file named `name`."""
    health = DataHealth(name)
    frames = read_export(name, text.encode(encoding), health)
    return frames, health


def read_vendor(name: str) -> tuple[Frames, DataHealth]:
    """Read one file of tests/fixtures/vendors as an upload would be."""
    health = DataHealth(name)
    return read_export(name, (VENDORS / name).read_bytes(), health), health


def only(frames: Frames, table: str) -> pl.DataFrame:
    assert set(frames) == {table}
    return frames[table]


_EXCEL_EPOCH = datetime(1899, 12, 30)
Cell = str | float | datetime


def _xlsx_cell(ref: str, value: Cell) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    if isinstance(value, datetime):  # a serial number styled as a date, as Excel stores it
        serial = (value - _EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _sheet_xml(rows: list[list[Cell]], ns: str) -> str:
    sheet_rows = "".join(
        f'<row r="{r}">'
        + "".join(_xlsx_cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}>'
        f"<sheetData>{sheet_rows}</sheetData></worksheet>"
    )


def xlsx_bytes(
    rows: list[list[Cell]] | None = None, *, sheets: dict[str, list[list[Cell]]] | None = None
) -> bytes:
    """A minimal workbook: one sheet 'Leads' of `rows`, or `sheets` by name, in order
    (no Excel writer is installed; the format is small)."""
    sheets = sheets if sheets is not None else {"Leads": rows or []}
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    package = "application/vnd.openxmlformats-package.relationships+xml"
    numbered = list(enumerate(sheets.items(), start=1))
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{office}.worksheet+xml"/>'
        for i, _ in numbered
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{package}"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f"{overrides}"
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, (name, _) in numbered
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{rel}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i, _ in numbered
            )
            + f'<Relationship Id="rId0" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (  # style 1 is Excel's built-in date-time format (numFmtId 22)
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}><cellXfs count="2">'
            '<xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        **{f"xl/worksheets/sheet{i}.xml": _sheet_xml(rows, ns) for i, (_, rows) in numbered},
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def private_key() -> str:
    return make_private_key()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSheets]:
    """The fake Sheets API (tests/connectors/fake_sheets.py), gspread pointed at it."""
    yield from serve(monkeypatch)


@pytest.fixture
def credentials(fake: FakeSheets, private_key: str) -> dict[str, str]:
    return service_account(fake, private_key)
