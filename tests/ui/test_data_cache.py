"""Cached KPIs never outlive a change of one row in a source, even a change that keeps
the file's size and has its modification time set back."""

from __future__ import annotations

import os
from pathlib import Path

from tests.apptest import open_app
from ui import data


def spend_tile() -> str:
    app = open_app(period=["2026-11-20", "2026-11-21"])
    return {m.label: m.value for m in app.metric}["Spend"]


def rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Change the file's content, keeping its size and its modification time."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_one_changed_row_is_a_new_data_version_even_with_size_and_mtime_kept(
    spend_export: Path,
) -> None:
    assert spend_tile() == "€2,000"
    assert spend_tile() == "€2,000"  # the cached read serves the second session
    key = data._sources_key()

    rewrite_in_place(spend_export, ",800.00,", ",900.00,")

    assert data._sources_key() != key
    assert spend_tile() == "€2,100"


def test_a_file_rewritten_with_the_same_content_keeps_its_key(spend_export: Path) -> None:
    key = data._sources_key()
    spend_export.write_bytes(spend_export.read_bytes())
    os.utime(spend_export, ns=(1_000_000_000, 1_000_000_000))  # another time, same bytes
    assert data._sources_key() == key
