"""Two writers of one snapshot, and manifests that are valid JSON but not Tandem's.

Two sessions (or two app processes) may read the same source at once. A writer that
renews a manifest it read before another writer replaced it, or that writes its tables,
is overtaken, then writes its manifest, could leave a manifest naming files the other
removed: both copies lost. Writers now take turns; each test interleaves two threads at
the worst moment and checks that a whole snapshot remains. A manifest of the wrong
types, or nested 100,000 deep, is reported as corrupt, never raised.
"""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from connectors import read_source
from connectors.sources import snapshots
from connectors.sources.config import SourceConfig
from connectors.sources.result import empty_tables
from contract.schema import TABLES

SOURCE = "CRM"
EARLY = datetime(2024, 3, 1, tzinfo=UTC)
PAUSE = 2.0  # seconds a paused writer waits for the other to finish before going on


def _tables(leads: int) -> dict[str, pl.DataFrame]:
    tables = empty_tables()
    rows = {"lead_id": [f"L{i}" for i in range(leads)], "launch_id": ["(unassigned)"] * leads}
    tables["leads"] = (
        pl.DataFrame(rows)
        .select(
            pl.col(c) if c in rows else pl.lit(None, d).alias(c)
            for c, d in TABLES["leads"].columns.items()
        )
        .with_columns(created_at=pl.lit(datetime(2024, 3, 1)))
    )
    return tables


def _save(snapshot_dir: Path, leads: int, checksum: str) -> snapshots.Manifest:
    return snapshots.save(
        snapshot_dir, SOURCE, _tables(leads), read_at=EARLY, input_checksum=checksum, adapter=None
    )


def _age(snapshot_dir: Path, manifest: snapshots.Manifest) -> None:
    """Make a snapshot's files older than any reader may still need them."""
    old = time.time() - snapshots.STALE_AFTER_SECONDS - 60
    for name in manifest.files.values():
        os.utime(snapshots.folder_for(snapshot_dir, SOURCE) / name, (old, old))


def _whole(snapshot_dir: Path) -> int:
    """The leads of the current snapshot, which must load whole."""
    found = snapshots.load(snapshot_dir, SOURCE)
    assert found is not None
    return found[1]["leads"].height


def _in_turn(first: Any, second: Any, paused: threading.Event) -> None:
    """Run `first` in a thread until it pauses, then `second` beside it; wait for both."""
    thread = threading.Thread(target=first)
    thread.start()
    assert paused.wait(10)
    second()
    thread.join(30)
    assert not thread.is_alive()


def test_a_renewal_overtaken_by_a_new_snapshot_loses_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _save(tmp_path, leads=1, checksum="same input")
    _age(tmp_path, old)
    paused, saved = threading.Event(), threading.Event()
    read_manifest = snapshots._manifest

    def slow_read(path: Path) -> snapshots.Manifest:
        manifest = read_manifest(path)
        if threading.current_thread() is not threading.main_thread():
            paused.set()  # the renewal has read the old manifest, and is slow to go on
            saved.wait(PAUSE)
        return manifest

    monkeypatch.setattr(snapshots, "_manifest", slow_read)

    def renew() -> None:
        snapshots.refresh_if_same(
            tmp_path, SOURCE, input_checksum="same input", read_at=EARLY + timedelta(hours=1)
        )

    def new_snapshot() -> None:
        _save(tmp_path, leads=2, checksum="new input")
        saved.set()

    _in_turn(renew, new_snapshot, paused)
    assert _whole(tmp_path) == 2  # the renewal went first; the new snapshot is current


def test_a_writer_overtaken_between_its_tables_and_its_manifest_loses_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(tmp_path, leads=1, checksum="first")
    paused, saved = threading.Event(), threading.Event()
    make_manifest = snapshots.Manifest

    def slow_manifest(**fields: Any) -> snapshots.Manifest:
        if threading.current_thread() is not threading.main_thread():
            _age(tmp_path, make_manifest(**fields))  # a slow writer: its tables are old
            paused.set()
            saved.wait(PAUSE)
        return make_manifest(**fields)

    monkeypatch.setattr(snapshots, "Manifest", slow_manifest)

    def slow_writer() -> None:
        _save(tmp_path, leads=3, checksum="slow")

    def fast_writer() -> None:
        _save(tmp_path, leads=2, checksum="fast")
        saved.set()

    _in_turn(slow_writer, fast_writer, paused)
    monkeypatch.setattr(snapshots, "Manifest", make_manifest)
    assert _whole(tmp_path) == 2  # the slow writer finished first, then the fast one


GOOD: dict[str, Any] = {
    "source": SOURCE,
    "read_at": "2024-03-01T00:00:00+00:00",
    "rows": {"leads": 1},
    "input_checksum": "abc",
    "adapter": None,
    "schema_version": snapshots.SCHEMA_VERSION,
    "files": {},
    "checksums": {},
}


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (GOOD | {"rows": "many"}, "field 'rows' has the wrong type"),
        (GOOD | {"rows": {"leads": "1"}}, "field 'rows' has the wrong type"),
        (GOOD | {"rows": {"leads": True}}, "field 'rows' has the wrong type"),
        (GOOD | {"files": ["leads.parquet"]}, "field 'files' has the wrong type"),
        (GOOD | {"files": {"leads": "../../secrets.toml"}}, "field 'files' has the wrong type"),
        (GOOD | {"checksums": None}, "field 'checksums' has the wrong type"),
        (GOOD | {"read_at": 20240301}, "field 'read_at' has the wrong type"),
        (GOOD | {"schema_version": "1"}, "field 'schema_version' has the wrong type"),
        (GOOD | {"adapter": 3}, "field 'adapter' has the wrong type"),
        (GOOD | {"extra": 1}, "does not have Tandem's fields"),
        ({k: v for k, v in GOOD.items() if k != "rows"}, "does not have Tandem's fields"),
        ([GOOD], "is not a JSON object"),
        ("[" * 100_000 + "]" * 100_000, "is nested too deep"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_corrupt_not_a_crash(
    tmp_path: Path, document: object, reason: str
) -> None:
    folder = snapshots.folder_for(tmp_path, SOURCE)
    folder.mkdir(parents=True)
    text = document if isinstance(document, str) else json.dumps(document)
    (folder / snapshots.MANIFEST).write_text(text, encoding="utf-8")
    with pytest.raises(snapshots.SnapshotCorrupt, match=reason):
        snapshots.load(tmp_path, SOURCE)
    # A failing source over that snapshot says so, and its page keeps running.
    missing = SourceConfig(name=SOURCE, kind="file", path=tmp_path / "gone.csv")
    read = read_source(missing, credentials=None, snapshot_dir=tmp_path)
    assert (
        read.health.error is not None and "the last good snapshot is unusable" in read.health.error
    )
    assert all(frame.is_empty() for frame in read.tables.values())


def test_a_manifest_refreshed_over_a_wrong_one_is_rewritten_not_raised(tmp_path: Path) -> None:
    folder = snapshots.folder_for(tmp_path, SOURCE)
    folder.mkdir(parents=True)
    (folder / snapshots.MANIFEST).write_text("[" * 100_000, encoding="utf-8")
    renewed = snapshots.refresh_if_same(tmp_path, SOURCE, input_checksum="x", read_at=EARLY)
    assert renewed is False  # nothing to renew: the caller writes a new snapshot
