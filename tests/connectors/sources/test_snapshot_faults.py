"""Faults injected while a snapshot is written: a crash at any rename, a full disk.

A snapshot is eight table files and a manifest, each written to a temporary name and
renamed into place; the manifest's rename is the one step that makes a new snapshot
current. Whatever stops the writer, the previous snapshot must stay whole and readable.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from connectors import read_source
from connectors.sources import snapshots
from connectors.sources.config import SourceConfig
from contract.schema import TABLES

FIRST = "lead_id,created_at\nL1,2024-03-01\n"
SECOND = "lead_id,created_at\nL1,2024-03-01\nL2,2024-03-02\n"
RENAMES = len(TABLES) + 1  # one per table file, then the manifest


class Crash(BaseException):
    """The process dying mid-write: no `except Exception` in the writer may catch it."""


def _source(tmp_path: Path, text: str) -> SourceConfig:
    export = tmp_path / "leads.csv"
    export.write_text(text, encoding="utf-8")
    return SourceConfig(name="CRM", kind="file", path=export)


def _snapshot_ids(snapshot_dir: Path) -> list[str]:
    found = snapshots.load(snapshot_dir, "CRM")
    assert found is not None
    return found[1]["leads"]["lead_id"].to_list()


def _fail_on_call(
    number: int, error: BaseException, real: Callable[..., Any]
) -> Callable[..., Any]:
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == number:
            raise error
        return real(*args, **kwargs)

    return failing


@pytest.mark.parametrize("rename", range(1, RENAMES + 1))
def test_a_crash_at_any_rename_leaves_the_previous_snapshot_readable(
    rename: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snaps = tmp_path / "snaps"
    read_source(_source(tmp_path, FIRST), credentials=None, snapshot_dir=snaps)
    monkeypatch.setattr(snapshots.os, "replace", _fail_on_call(rename, Crash(), os.replace))
    with pytest.raises(Crash):
        read_source(_source(tmp_path, SECOND), credentials=None, snapshot_dir=snaps)
    monkeypatch.undo()
    assert _snapshot_ids(snaps) == ["L1"]  # the first snapshot, whole and verified


def test_a_crash_after_the_manifest_rename_leaves_the_new_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snaps = tmp_path / "snaps"
    read_source(_source(tmp_path, FIRST), credentials=None, snapshot_dir=snaps)

    def crash(folder: Path, keep: set[str]) -> None:
        raise Crash

    monkeypatch.setattr(snapshots, "_remove_stale", crash)  # dies while clearing old files
    with pytest.raises(Crash):
        read_source(_source(tmp_path, SECOND), credentials=None, snapshot_dir=snaps)
    assert _snapshot_ids(snaps) == ["L1", "L2"]


def test_a_failed_rename_is_a_warning_and_a_later_failure_serves_the_previous_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snaps = tmp_path / "snaps"
    first = read_source(_source(tmp_path, FIRST), credentials=None, snapshot_dir=snaps)
    broken = OSError(errno.EIO, "Input/output error")
    monkeypatch.setattr(snapshots.os, "replace", _fail_on_call(RENAMES, broken, os.replace))
    second = read_source(_source(tmp_path, SECOND), credentials=None, snapshot_dir=snaps)
    monkeypatch.undo()
    # The read itself worked and is shown fresh; only keeping it failed.
    assert second.health.error is None and second.stale_since is None
    assert second.tables["leads"]["lead_id"].to_list() == ["L1", "L2"]
    assert second.health.warnings == [
        f"could not keep a snapshot of this read in {snaps} (Input/output error); "
        "the previous snapshot stays in place"
    ]
    (tmp_path / "leads.csv").unlink()  # now the source fails
    gone = SourceConfig(name="CRM", kind="file", path=tmp_path / "leads.csv")
    stale = read_source(gone, credentials=None, snapshot_dir=snaps)
    assert stale.stale_since == first.read_at
    assert stale.tables["leads"]["lead_id"].to_list() == ["L1"]


def _full_disk_in_parquet(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    real = pl.DataFrame.write_parquet
    calls = 0

    def write_parquet(frame: pl.DataFrame, file: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == number:
            Path(file).write_bytes(b"PAR1 half a file")  # what fit before the disk filled
            raise OSError(errno.ENOSPC, "No space left on device")
        real(frame, file, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", write_parquet)


def _full_disk_in_manifest(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    real = Path.write_text

    def write_text(path: Path, data: str, *args: Any, **kwargs: Any) -> int:
        if path.name.startswith(f".{snapshots.MANIFEST}"):
            real(path, data[:10], *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)


@pytest.mark.parametrize(
    ("inject", "number"),
    [
        (_full_disk_in_parquet, 1),  # the first table file
        (_full_disk_in_parquet, 5),  # halfway through the tables
        (_full_disk_in_parquet, len(TABLES)),  # the last table file
        (_full_disk_in_manifest, 1),  # every table written, then the manifest
    ],
)
def test_a_full_disk_is_reported_and_the_previous_snapshot_stays(
    inject: Callable[[pytest.MonkeyPatch, int], None],
    number: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snaps = tmp_path / "snaps"
    read_source(_source(tmp_path, FIRST), credentials=None, snapshot_dir=snaps)
    folder = snapshots.folder_for(snaps, "CRM")
    before = sorted(p.name for p in folder.iterdir())
    inject(monkeypatch, number)
    read = read_source(_source(tmp_path, SECOND), credentials=None, snapshot_dir=snaps)
    monkeypatch.undo()
    assert read.health.error is None
    assert read.tables["leads"]["lead_id"].to_list() == ["L1", "L2"]
    assert read.health.warnings == [
        f"could not keep a snapshot of this read in {snaps} (No space left on device); "
        "the previous snapshot stays in place"
    ]
    # The half-written files are gone at once (they hold the space that is short) and the
    # previous snapshot is exactly as it was.
    assert sorted(p.name for p in folder.iterdir()) == before
    assert _snapshot_ids(snaps) == ["L1"]
