"""A source whose bytes are what its last snapshot was typed from is served from it.

The typed tables and the health record (rows read, kept, refused with their reasons,
warnings) are those of the read that wrote the snapshot; any changed byte, a changed
setting of the source, or a damaged snapshot reads the input again.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

import connectors.sources.read as reading
from connectors import read_source, read_sources
from connectors.sources import snapshots
from connectors.sources.config import SourceConfig
from connectors.sources.kinds import KINDS
from connectors.sources.result import SourceRead
from connectors.sources.snapshots import folder_for

# Two leads kept; the third refused (its date), the fourth repeats the first's key.
LEADS = (
    "lead_id,created_at,channel,campaign\n"
    "L1,2024-03-01 10:00,email,spring\n"
    "L2,2024-03-02 11:00,paid_social,spring\n"
    "L3,bad,email,spring\n"
    "L1,2024-03-04 10:00,email,spring\n"
)


@pytest.fixture
def typings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources whose input was typed (the kind's reader ran), in order."""
    typed: list[str] = []
    for name in ("file", "folder"):
        kind = KINDS[name]

        def counted(source: SourceConfig, *, _read=kind.read, **kwargs):  # type: ignore[no-untyped-def]
            typed.append(source.name)
            return _read(source, **kwargs)

        monkeypatch.setitem(reading.KINDS, name, dataclasses.replace(kind, read=counted))
    return typed


def _read(source: SourceConfig, snapshots: Path) -> SourceRead:
    return read_source(source, credentials=None, snapshot_dir=snapshots)


def _same(first: SourceRead, second: SourceRead) -> None:
    assert second.health == first.health
    assert second.stale_since is None and second.read_at is not None
    assert first.read_at is not None and second.read_at >= first.read_at
    for name, frame in first.tables.items():
        assert_frame_equal(second.tables[name], frame)


def test_an_unchanged_file_is_served_from_its_snapshot_with_its_health(
    tmp_path: Path, typings: list[str]
) -> None:
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    source = SourceConfig(name="crm", kind="file", path=export)
    first = _read(source, tmp_path / "snaps")
    assert first.health.rows_read == 4 and first.health.rows_kept == 2
    assert [(r.line, r.column) for r in first.health.refused] == [(4, "created_at"), (5, "lead_id")]
    second = _read(source, tmp_path / "snaps")
    assert typings == ["crm"]  # the second read typed nothing
    _same(first, second)
    assert second.tables["leads"]["lead_id"].to_list() == ["L1", "L2"]


def test_one_changed_byte_reads_the_file_again_whatever_its_time_stamp(
    tmp_path: Path, typings: list[str]
) -> None:
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    before = export.stat()
    source = SourceConfig(name="crm", kind="file", path=export)
    _read(source, tmp_path / "snaps")
    export.write_text(LEADS.replace("L2,", "L7,"), encoding="utf-8")  # same size
    os.utime(export, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    again = _read(source, tmp_path / "snaps")
    assert typings == ["crm", "crm"]
    assert again.tables["leads"]["lead_id"].to_list() == ["L1", "L7"]
    assert _read(source, tmp_path / "snaps").tables["leads"]["lead_id"].to_list() == ["L1", "L7"]
    assert typings == ["crm", "crm"]  # the new snapshot serves the next read


def test_a_changed_setting_reads_the_same_bytes_again(tmp_path: Path, typings: list[str]) -> None:
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    source = SourceConfig(name="crm", kind="file", path=export)
    _read(source, tmp_path / "snaps")
    forced = dataclasses.replace(source, table="leads")
    _read(forced, tmp_path / "snaps")
    limited = read_source(forced, credentials=None, snapshot_dir=tmp_path / "snaps", max_rows=3)
    assert typings == ["crm", "crm", "crm"]
    assert limited.health.error is not None  # four rows: over the bound, as when first read


def test_a_damaged_health_record_reads_again(tmp_path: Path, typings: list[str]) -> None:
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    source = SourceConfig(name="crm", kind="file", path=export)
    first = _read(source, tmp_path / "snaps")
    (record,) = folder_for(tmp_path / "snaps", "crm").glob("health-*.json")
    record.write_text(record.read_text().replace('"rows_kept": 2', '"rows_kept": 4'))
    second = _read(source, tmp_path / "snaps")
    assert typings == ["crm", "crm"]
    _same(first, second)


def test_a_folder_reads_again_when_one_of_its_files_changes(
    tmp_path: Path, typings: list[str]
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.csv").write_text(LEADS, encoding="utf-8")
    (folder / "b.csv").write_text(LEADS.replace("L", "M"), encoding="utf-8")
    source = SourceConfig(name="drive", kind="folder", path=folder)
    first = _read(source, tmp_path / "snaps")
    _same(first, _read(source, tmp_path / "snaps"))
    assert typings == ["drive"]
    (folder / "b.csv").write_text(LEADS.replace("L", "N"), encoding="utf-8")
    changed = _read(source, tmp_path / "snaps")
    assert typings == ["drive", "drive"]
    assert changed.tables["leads"]["lead_id"].to_list() == ["L1", "L2", "N1", "N2"]


def test_read_sources_serves_the_unchanged_and_types_the_others_in_order(
    tmp_path: Path, typings: list[str]
) -> None:
    exports = []
    for name, text in (
        ("a", LEADS),
        ("b", LEADS.replace("L", "M")),
        ("c", LEADS.replace("L", "N")),
    ):
        export = tmp_path / f"{name}.csv"
        export.write_text(text, encoding="utf-8")
        exports.append(SourceConfig(name=name, kind="file", path=export))
    first = [_read(exports[0], tmp_path / "snaps"), _read(exports[2], tmp_path / "snaps")]
    asked: list[str] = []

    def credentials(source: SourceConfig) -> None:
        asked.append(source.name)

    reads = read_sources(exports, credentials=credentials, snapshot_dir=tmp_path / "snaps")
    assert typings == ["a", "c", "b"]  # only b was typed now; a and c were kept
    assert asked == ["b"]  # credentials are looked up for a read that needs them
    assert [r.name for r in reads] == ["a", "b", "c"]
    _same(first[0], reads[0])
    _same(first[1], reads[2])
    assert reads[1].tables["leads"]["lead_id"].to_list() == ["M1", "M2"]
    assert reads[1].health.rows_kept == 2 and reads[1].stale_since is None


def test_a_snapshot_of_several_row_groups_is_served_one_chunk_a_column(
    tmp_path: Path, typings: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshots, "ROW_GROUP_ROWS", 1)  # each row its own group, as at 10M
    export = tmp_path / "leads.csv"
    export.write_text(LEADS, encoding="utf-8")
    source = SourceConfig(name="crm", kind="file", path=export)
    first = _read(source, tmp_path / "snaps")
    second = _read(source, tmp_path / "snaps")
    assert typings == ["crm"]
    _same(first, second)
    leads = second.tables["leads"]
    assert {leads[c].n_chunks() for c in leads.columns} == {1}
