"""What a file really is, whatever its name says: refusals for things that are not exports.

A PNG renamed .csv, a JSON download, a web page saved as .xls or a ZIP of exports would
otherwise reach the CSV parser and be refused with "no header row matches", which sends
the user looking for a wrong column instead of the wrong file.
"""

from __future__ import annotations

import json
import zipfile

from connectors.errors import RefusedFile

_SAMPLE = 4096
# Share of control or undecodable characters above which text is taken for binary data.
# A real export has none bar a stray NUL or two, which are refused row by row instead.
_BINARY_SHARE = 0.05
_CONTROL = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r"} | {"\ufffd"}


def refuse_non_text(file_name: str, text: str) -> None:
    """Raise RefusedFile when decoded `text` is binary data, JSON or a web page."""
    sample = text[:_SAMPLE]
    odd = sum(1 for ch in sample if ch in _CONTROL)
    if sample and odd / len(sample) > _BINARY_SHARE:
        raise RefusedFile(
            f"{file_name} holds binary data, not a text export; Tandem reads CSV, TSV, "
            "XLSX and Parquet"
        )
    head = sample.lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml", "<table")):
        raise RefusedFile(
            f"{file_name} is a web page or XML document, not an export; save the report "
            "as CSV or XLSX"
        )
    if head.startswith(("{", "[")) and _is_json(text):
        raise RefusedFile(f"{file_name} is JSON, not a CSV/TSV export; export the data as CSV")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def refuse_non_workbook(file_name: str, archive: zipfile.ZipFile) -> None:
    """Raise RefusedFile when a ZIP is not an Excel workbook (a .zip, .docx or .ods)."""
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return
    if "content.xml" in names and "mimetype" in names:
        raise RefusedFile(
            f"{file_name} is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV"
        )
    raise RefusedFile(
        f"{file_name} is a ZIP archive, not an Excel workbook; unzip it and give Tandem "
        "the exports inside"
    )
