from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from connectors.health import DataHealth
from connectors.sources import snapshots
from connectors.sources.result import empty_tables
from contract.schema import SCHEMA_VERSION, TABLES, UNASSIGNED

READ_AT = datetime(2024, 3, 1, 12, 30, tzinfo=UTC)


def _tables() -> dict[str, pl.DataFrame]:
    tables = empty_tables()
    tables["leads"] = pl.DataFrame(
        {"lead_id": ["L1"], "created_at": [datetime(2024, 3, 1)], "launch_id": [UNASSIGNED]}
    ).select(
        [pl.col(c) if c in ("lead_id", "created_at", "launch_id") else pl.lit(None, d).alias(c)
         for c, d in TABLES["leads"].columns.items()]
    )  # fmt: skip
    return tables


def _save(tmp_path: Path, source: str = "CRM / leads") -> snapshots.Manifest:
    return snapshots.save(
        tmp_path,
        source,
        _tables(),
        read_at=READ_AT,
        input_checksum="abc",
        adapter="hubspot_contacts",
    )


def test_round_trip_with_a_manifest(tmp_path: Path) -> None:
    manifest = _save(tmp_path)
    found = snapshots.load(tmp_path, "CRM / leads")
    assert found is not None
    loaded, tables = found
    assert loaded == manifest
    assert loaded.read_at_time == READ_AT
    assert (loaded.source, loaded.input_checksum, loaded.adapter) == (
        "CRM / leads",
        "abc",
        "hubspot_contacts",
    )
    assert loaded.schema_version == SCHEMA_VERSION
    assert loaded.rows["leads"] == 1 and loaded.rows["spend"] == 0
    assert tables["leads"].equals(_tables()["leads"])


def test_old_snapshot_files_are_cleared_once_no_writer_can_need_them(tmp_path: Path) -> None:
    first = _save(tmp_path)
    folder = snapshots.folder_for(tmp_path, "CRM / leads")
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    second = _save(tmp_path)
    # Young files of the first snapshot stay: a reader may still be loading them.
    assert set(first.files.values()) <= {p.name for p in folder.iterdir()}
    old = time.time() - snapshots.STALE_AFTER_SECONDS - 1
    for name in [*first.files.values(), *second.files.values()]:
        os.utime(folder / name, (old, old))
    third = _save(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [snapshots.LOCK, snapshots.MANIFEST, *third.files.values()]
    )


def test_no_snapshot_is_none(tmp_path: Path) -> None:
    assert snapshots.load(tmp_path, "never read") is None


def test_sources_with_similar_names_do_not_share_a_folder(tmp_path: Path) -> None:
    assert snapshots.folder_for(tmp_path, "a/b") != snapshots.folder_for(tmp_path, "a b")


def _break_manifest(folder: Path) -> None:
    (folder / snapshots.MANIFEST).write_text("{not json", encoding="utf-8")


def _break_file(folder: Path) -> None:
    manifest = json.loads((folder / snapshots.MANIFEST).read_text(encoding="utf-8"))
    (folder / manifest["files"]["leads"]).write_bytes(b"PAR1 truncated")


def _remove_file(folder: Path) -> None:
    manifest = json.loads((folder / snapshots.MANIFEST).read_text(encoding="utf-8"))
    (folder / manifest["files"]["spend"]).unlink()


def _old_schema(folder: Path) -> None:
    path = folder / snapshots.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(manifest | {"schema_version": 0}), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_break_manifest, "snapshot manifest manifest.json is unreadable"),
        (_break_file, "snapshot file for leads does not match its checksum"),
        (_remove_file, "snapshot file for spend is missing"),
        (_old_schema, "snapshot was written for schema version 0"),
    ],
)
def test_a_corrupt_snapshot_is_detected(tmp_path: Path, damage: object, message: str) -> None:
    _save(tmp_path)
    damage(snapshots.folder_for(tmp_path, "CRM / leads"))  # type: ignore[operator]
    with pytest.raises(snapshots.SnapshotCorrupt, match=message):
        snapshots.load(tmp_path, "CRM / leads")


def test_an_unchanged_input_only_renews_the_manifest(tmp_path: Path) -> None:
    tables = {"targets": empty_tables()["targets"]}
    first = datetime(2026, 11, 1, tzinfo=UTC)
    later = datetime(2026, 11, 2, tzinfo=UTC)
    snapshots.save(tmp_path, "Plan", tables, read_at=first, input_checksum="abc", adapter="x")
    folder = snapshots.folder_for(tmp_path, "Plan")
    files_before = sorted(p.name for p in folder.iterdir())
    assert snapshots.refresh_if_same(tmp_path, "Plan", input_checksum="abc", read_at=later)
    assert sorted(p.name for p in folder.iterdir()) == files_before
    manifest, _ = snapshots.load(tmp_path, "Plan") or (None, None)
    assert manifest is not None and manifest.read_at_time == later
    assert not snapshots.refresh_if_same(tmp_path, "Plan", input_checksum="new", read_at=later)
    assert not snapshots.refresh_if_same(tmp_path, "Other", input_checksum="abc", read_at=later)


def test_an_invalid_table_is_never_written_and_the_previous_snapshot_stays(
    tmp_path: Path,
) -> None:
    first = _save(tmp_path)
    tables = _tables()
    tables["leads"] = pl.concat([tables["leads"], tables["leads"]])  # L1 twice: not a table
    with pytest.raises(snapshots.SnapshotRefused, match="leads is not a valid table"):
        snapshots.save(
            tmp_path, "CRM / leads", tables, read_at=READ_AT, input_checksum="new", adapter="x"
        )
    found = snapshots.load(tmp_path, "CRM / leads")
    assert found is not None and found[0] == first
    folder = snapshots.folder_for(tmp_path, "CRM / leads")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [snapshots.LOCK, snapshots.MANIFEST, *first.files.values()]
    )


def test_a_table_read_in_pieces_reads_back_in_one_piece(tmp_path: Path) -> None:
    tables = _tables()
    leads = tables["leads"]
    more = leads.with_columns(pl.lit("L2").alias("lead_id"))
    tables["leads"] = pl.concat([leads, more], rechunk=False)  # two files' rows, two chunks
    assert tables["leads"]["lead_id"].n_chunks() == 2
    health = DataHealth("CRM")
    snapshots.save(
        tmp_path, "CRM", tables, read_at=READ_AT, input_checksum="k", adapter=None, health=health
    )
    found = snapshots.reuse(tmp_path, "CRM", input_checksum="k", read_at=READ_AT)
    assert found is not None
    read = found[0]["leads"]
    assert read["lead_id"].to_list() == ["L1", "L2"]
    assert {read[c].n_chunks() for c in read.columns} == {1}


def _replace_leads(folder: Path, frame: pl.DataFrame) -> None:
    """The snapshot's leads file rewritten with `frame`, the manifest left as it was."""
    manifest = json.loads((folder / snapshots.MANIFEST).read_text(encoding="utf-8"))
    frame.write_parquet(folder / manifest["files"]["leads"])


def test_a_reuse_trusts_no_table_file_whose_bytes_changed(tmp_path: Path) -> None:
    # A valid table, but not the one written: its checksum gives it away, so the source
    # is read again rather than served from it.
    _save(tmp_path)
    folder = snapshots.folder_for(tmp_path, "CRM / leads")
    _replace_leads(folder, _tables()["leads"].with_columns(pl.lit("L9").alias("lead_id")))
    assert snapshots.reuse(tmp_path, "CRM / leads", input_checksum="abc", read_at=READ_AT) is None
    with pytest.raises(snapshots.SnapshotCorrupt, match="does not match its checksum"):
        snapshots.load(tmp_path, "CRM / leads")


def test_the_fallback_checks_the_tables_of_a_snapshot_again(tmp_path: Path) -> None:
    # `load` serves a snapshot when a read fails, whichever Tandem wrote it: a table that
    # is not valid is refused even when its checksum was made to match.
    _save(tmp_path)
    folder = snapshots.folder_for(tmp_path, "CRM / leads")
    leads = _tables()["leads"]
    _replace_leads(folder, pl.concat([leads, leads]))
    path = folder / snapshots.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    name = manifest["files"]["leads"]
    manifest["checksums"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(snapshots.SnapshotCorrupt, match="snapshot of leads is not a valid table"):
        snapshots.load(tmp_path, "CRM / leads")
