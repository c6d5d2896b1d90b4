from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from connectors import read_source, read_upload
from connectors.sources.config import SourceConfig
from connectors.sources.snapshots import folder_for
from contract.schema import TABLES, UNASSIGNED

LEADS = "lead_id,created_at,channel\nL1,2024-03-01 10:00,email\nL2,bad,social\n"


def _file_source(path: Path) -> SourceConfig:
    return SourceConfig(name="Leads sheet", kind="file", path=path)


def test_a_good_read_keeps_a_snapshot(tmp_path: Path) -> None:
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    read = read_source(_file_source(export), credentials=None, snapshot_dir=tmp_path / "snaps")
    assert read.health.error is None and read.stale_since is None
    assert read.read_at is not None and read.read_at.tzinfo is UTC
    assert list(read.tables) == list(TABLES)
    assert read.tables["leads"]["lead_id"].to_list() == ["L1"]
    assert read.health.refused_frame().rows() == [
        ("leads.csv", 3, "created_at", "'bad' is not a date")
    ]
    assert (folder_for(tmp_path / "snaps", "Leads sheet") / "manifest.json").exists()


def test_a_failed_read_serves_the_last_good_snapshot(tmp_path: Path) -> None:
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    good = read_source(_file_source(export), credentials=None, snapshot_dir=tmp_path)
    export.write_text("Count of lead_id,Q1\nGrand Total,1\n", encoding="utf-8")
    stale = read_source(_file_source(export), credentials=None, snapshot_dir=tmp_path)
    assert stale.stale_since == good.read_at and stale.read_at == good.read_at
    assert stale.tables["leads"].equals(good.tables["leads"])
    assert stale.health.error is not None and "looks like a pivot table" in stale.health.error
    assert stale.health.warnings[-1].startswith("showing the last good read, stale since ")


def test_a_missing_file_without_snapshot_gives_empty_tables(tmp_path: Path) -> None:
    read = read_source(_file_source(tmp_path / "gone.csv"), credentials=None, snapshot_dir=tmp_path)
    assert read.health.error == (
        f"no file at {tmp_path / 'gone.csv'} (moved or deleted, or its drive or sync folder "
        "is not mounted)"
    )
    assert all(frame.is_empty() for frame in read.tables.values())
    assert list(read.tables) == list(TABLES)
    assert read.stale_since is None and read.read_at is None


def test_a_corrupt_snapshot_is_reported_not_raised(tmp_path: Path) -> None:
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    read_source(_file_source(export), credentials=None, snapshot_dir=tmp_path)
    (folder_for(tmp_path, "Leads sheet") / "manifest.json").write_text("{", encoding="utf-8")
    export.unlink()
    read = read_source(_file_source(export), credentials=None, snapshot_dir=tmp_path)
    assert read.health.error is not None
    assert "the last good snapshot is unusable: snapshot manifest" in read.health.error
    assert all(frame.is_empty() for frame in read.tables.values())


def test_an_unexpected_error_is_reported_by_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("secret detail")

    monkeypatch.setattr("connectors.sources.kinds.file.read_export", explode)
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    read = read_source(_file_source(export), credentials=None, snapshot_dir=tmp_path)
    assert read.health.error == "unexpected error while reading (ZeroDivisionError)"


def test_an_upload_is_detected_and_a_bad_one_refused() -> None:
    read = read_upload("contacts.csv", LEADS.encode("utf-16"))
    assert (read.kind, read.health.format, read.health.error) == ("upload", "canonical_leads", None)
    assert read.tables["leads"]["launch_id"].to_list() == [UNASSIGNED]
    refused = read_upload("pivot.csv", b"Sum of amount,Q1\nGrand Total,3\n")
    assert refused.health.error is not None and "pivot table" in refused.health.error
    assert refused.read_at is None


def test_a_source_without_a_path_is_an_error_not_a_crash(tmp_path: Path) -> None:
    for kind in ("file", "folder"):
        read = read_source(
            SourceConfig(name="x", kind=kind), credentials=None, snapshot_dir=tmp_path
        )
        assert read.health.error == f"no 'path' is configured for this {kind} source"


def test_a_snapshot_that_cannot_be_written_is_a_warning(tmp_path: Path) -> None:
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    read = read_source(_file_source(export), credentials=None, snapshot_dir=blocked)
    assert read.health.error is None
    assert read.tables["leads"].height == 1
    assert read.health.warnings[-1] == (
        f"could not keep a snapshot of this read in {blocked} (Not a directory); "
        "the previous snapshot stays in place"
    )
