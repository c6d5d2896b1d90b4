"""The last good read of each source, kept on disk: Parquet per table, its health
record, and a manifest.

A read whose input is byte for byte the snapshot's (`reuse`, keyed on a digest of the
bytes, never a modification time) is served from the snapshot with the health record
of the read that wrote it, so nothing but the typing is skipped.

Every table is checked (`check_frame`) before it is written, in row groups of up to
2M rows; it reads back as one chunk per column. A reused snapshot's files are checked
against their checksums only: a file whose bytes are the ones written is the frame that
passed `check_frame` then, and the reuse key holds a digest of the connectors' and the
contract's code, so the check then is the check now (docs/architecture.md, "Memory").
`load`, the fallback to a snapshot that may be from another version, checks again.

Writes are atomic: every file goes to a temporary name and is renamed into place,
and the manifest, written last, is what makes a new snapshot current. Writers of one
source take turns (a lock file in its folder, across sessions and processes): a writer
that replaced the manifest while another was between reading and renewing it, or between
writing its tables and its manifest, could otherwise leave a manifest naming files the
other had removed, losing both copies. A reader that finds a missing file, a checksum
mismatch, bad JSON, a manifest of the wrong shape or types, or a frame that is not a
valid table reports the snapshot as corrupt instead of crashing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from contract.schema import SCHEMA_VERSION, TABLES, check_frame

from connectors.health import DataHealth

try:
    import fcntl
except ImportError:  # not POSIX: writers within this process still take turns
    fcntl = None  # type: ignore[assignment]

MANIFEST = "manifest.json"
LOCK = ".lock"
# A manifest is a few hundred bytes; one far larger was not written by Tandem.
MAX_MANIFEST_BYTES = 1024 * 1024
_TABLE_FILE = re.compile(r"[a-z_]+-[0-9a-f]{12}\.parquet")
_HEALTH_FILE = re.compile(r"health-[0-9a-f]{12}\.json")
_IN_PROCESS = threading.Lock()
# Rows per row group of a table file. A table up to this size reads back as one chunk
# per column (a larger one is joined into one column by column when read: a copy of one
# column at a time); the writer holds a row group's encoded pages until it is written:
# about 0.15 GB at this size, 1.4 GB for one group of 20M orders (docs/architecture.md,
# "Memory").
ROW_GROUP_ROWS = 1 << 21


class SnapshotCorrupt(Exception):
    """A snapshot exists but cannot be trusted; the message says why."""


class SnapshotRefused(ValueError):
    """A table is not valid (contract.schema.check_frame), so no snapshot is written."""


@dataclass(frozen=True)
class Manifest:
    source: str
    read_at: str  # ISO 8601, UTC
    rows: dict[str, int]
    input_checksum: str
    adapter: str | None
    schema_version: int
    files: dict[str, str]  # table → file name
    checksums: dict[str, str]  # file name → sha256
    health: str | None = None  # the read's health record (a file name), if kept

    @property
    def read_at_time(self) -> datetime:
        return datetime.fromisoformat(self.read_at)


def folder_for(snapshot_dir: Path, source: str) -> Path:
    """A safe, distinct folder name per source (names may hold any character)."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", source).strip("-")[:40] or "source"
    return snapshot_dir / f"{slug}-{hashlib.sha256(source.encode()).hexdigest()[:8]}"


def save(
    snapshot_dir: Path,
    source: str,
    tables: dict[str, pl.DataFrame],
    *,
    read_at: datetime,
    input_checksum: str,
    adapter: str | None,
    health: DataHealth | None = None,
) -> Manifest:
    folder = folder_for(snapshot_dir, source)
    folder.mkdir(parents=True, exist_ok=True)
    version = uuid.uuid4().hex[:12]
    written: list[Path] = []
    with _one_writer(folder):
        try:
            manifest = _write(
                folder, version, source, tables, written, read_at, input_checksum, adapter, health
            )
        except Exception:
            # A failed write (a full disk) leaves the previous snapshot current; the files
            # of this one would only take the space that is short, so they go at once.
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
            raise
        keep = {*manifest.files.values(), MANIFEST, LOCK, manifest.health or MANIFEST}
        _remove_stale(folder, keep=keep)
    return manifest


@contextlib.contextmanager
def _one_writer(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: one writer of a source's snapshot at a time."""
    if fcntl is None:
        with _IN_PROCESS:
            yield
        return
    # Opened anew by each writer: flock excludes other open files, threads included.
    with open(folder / LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(
    folder: Path,
    version: str,
    source: str,
    tables: dict[str, pl.DataFrame],
    written: list[Path],
    read_at: datetime,
    input_checksum: str,
    adapter: str | None,
    health: DataHealth | None,
) -> Manifest:
    """Every table file, then the manifest that makes them current; `written` collects paths."""
    files, checksums = {}, {}
    for name, frame in tables.items():
        if name in TABLES:  # a table as the contract encodes it, whoever built the frame
            frame = TABLES[name].conform(frame)
        problems = check_frame(name, frame)
        if problems:  # what is written is valid: a reuse trusts its checksum alone
            raise SnapshotRefused(f"{name} is not a valid table: {problems[0]}")
        file_name = f"{name}-{version}.parquet"
        temp = folder / f".{file_name}.tmp"
        written += [temp, folder / file_name]
        # LZ4: a local cache decodes a quarter faster than from zstd, for 1.7x the bytes.
        frame.write_parquet(temp, compression="lz4", row_group_size=ROW_GROUP_ROWS)
        os.replace(temp, folder / file_name)
        files[name], checksums[file_name] = file_name, _sha256(folder / file_name)
    health_file = None
    if health is not None:
        health_file = f"health-{version}.json"
        temp = folder / f".{health_file}.tmp"
        written += [temp, folder / health_file]
        temp.write_text(json.dumps(health.to_record()), encoding="utf-8")
        os.replace(temp, folder / health_file)
        checksums[health_file] = _sha256(folder / health_file)
    manifest = Manifest(
        source=source,
        read_at=read_at.isoformat(),
        rows={name: frame.height for name, frame in tables.items()},
        input_checksum=input_checksum,
        adapter=adapter,
        schema_version=SCHEMA_VERSION,
        files=files,
        checksums=checksums,
        health=health_file,
    )
    temp = folder / f".{MANIFEST}.{version}.tmp"
    written.append(temp)
    temp.write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")
    os.replace(temp, folder / MANIFEST)  # the one step that switches to the new snapshot
    return manifest


def refresh_if_same(
    snapshot_dir: Path, source: str, *, input_checksum: str, read_at: datetime
) -> bool:
    """Mark the snapshot read again when it already holds this exact input.

    Rewriting gigabytes of Parquet to store what is already stored would make every
    reload of a large, unchanged source pay for a full snapshot write. Only the small
    manifest is replaced (atomically), so "last good read" stays true.
    """
    path = folder_for(snapshot_dir, source) / MANIFEST
    if not path.exists():
        return False
    # Read and renewed under the lock: a manifest read before another writer replaced it
    # would otherwise be written back, naming the files that writer removed.
    with _one_writer(path.parent):
        try:
            manifest = _manifest(path)
        except SnapshotCorrupt:
            return False
        if manifest.input_checksum != input_checksum:
            return False
        temp = path.with_name(f".{MANIFEST}.{uuid.uuid4().hex[:12]}.tmp")
        renewed = asdict(manifest) | {"read_at": read_at.isoformat()}
        try:
            temp.write_text(json.dumps(renewed, indent=2), encoding="utf-8")
            os.replace(temp, path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            return False
    return True


def reuse(
    snapshot_dir: Path, source: str, *, input_checksum: str, read_at: datetime
) -> tuple[dict[str, pl.DataFrame], DataHealth] | None:
    """The snapshot's tables and its read's health record when it was typed from this
    exact input (`input_checksum`), its manifest renewed as `refresh_if_same` does; None
    when it was not, or anything of it is missing or fails its checksum (read again)."""
    folder = folder_for(snapshot_dir, source)
    try:
        manifest = _manifest(folder / MANIFEST)
        if manifest.input_checksum != input_checksum or manifest.health is None:
            return None
        health = _health(folder, manifest, manifest.health)
        tables = {
            name: _table(folder, manifest, name, f, checked=True)
            for name, f in manifest.files.items()
        }
    except (SnapshotCorrupt, FileNotFoundError):
        return None
    refresh_if_same(snapshot_dir, source, input_checksum=input_checksum, read_at=read_at)
    return tables, health


def _health(folder: Path, manifest: Manifest, file_name: str) -> DataHealth:
    path = folder / file_name
    if not path.exists() or _sha256(path) != manifest.checksums.get(file_name):
        raise SnapshotCorrupt(f"snapshot health record {file_name} is missing or changed")
    try:
        return DataHealth.from_record(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise SnapshotCorrupt(f"snapshot health record {file_name} is unreadable ({exc})") from None


def load(snapshot_dir: Path, source: str) -> tuple[Manifest, dict[str, pl.DataFrame]] | None:
    """The last good read, or None when there is none; raises SnapshotCorrupt."""
    folder = folder_for(snapshot_dir, source)
    path = folder / MANIFEST
    if not path.exists():
        return None
    manifest = _manifest(path)
    tables = {}
    for name, file_name in manifest.files.items():
        tables[name] = _table(folder, manifest, name, file_name, checked=False)
    return manifest, tables


def _manifest(path: Path) -> Manifest:
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError(f"over {MAX_MANIFEST_BYTES:,} bytes")
        document = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:  # valid JSON nested deeper than the parser goes
        raise SnapshotCorrupt(f"snapshot manifest {path.name} is nested too deep") from None
    except (OSError, ValueError) as exc:
        raise SnapshotCorrupt(f"snapshot manifest {path.name} is unreadable ({exc})") from None
    manifest = Manifest(**_checked_fields(path.name, document))
    try:
        manifest.read_at_time  # noqa: B018 - validates the timestamp now, not when shown
    except ValueError as exc:
        raise SnapshotCorrupt(f"snapshot manifest {path.name}: read_at ({exc})") from None
    if manifest.schema_version != SCHEMA_VERSION:
        raise SnapshotCorrupt(
            f"snapshot was written for schema version {manifest.schema_version}, "
            f"this Tandem reads version {SCHEMA_VERSION}"
        )
    return manifest


def _checked_fields(name: str, document: object) -> dict[str, Any]:
    """The manifest's fields, each of the type Manifest declares, or SnapshotCorrupt."""

    def text(value: object) -> bool:
        return isinstance(value, str)

    def count(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def mapping(check: Any) -> Any:
        return lambda value: (
            isinstance(value, dict) and all(text(k) and check(v) for k, v in value.items())
        )

    checks = {
        "source": text,
        "read_at": text,
        "rows": mapping(count),
        "input_checksum": text,
        "adapter": lambda value: value is None or text(value),
        "schema_version": count,
        "files": mapping(lambda v: text(v) and _TABLE_FILE.fullmatch(v) is not None),
        "checksums": mapping(text),
        "health": lambda v: v is None or (text(v) and _HEALTH_FILE.fullmatch(v) is not None),
    }
    if not isinstance(document, dict):
        raise SnapshotCorrupt(f"snapshot manifest {name} is not a JSON object")
    document = {"health": None} | document  # a snapshot kept without its health record
    expected = [field.name for field in fields(Manifest)]
    if sorted(document) != sorted(expected):
        raise SnapshotCorrupt(f"snapshot manifest {name} does not have Tandem's fields")
    for key in expected:
        if not checks[key](document[key]):
            raise SnapshotCorrupt(f"snapshot manifest {name}: field '{key}' has the wrong type")
    return document


def _table(
    folder: Path, manifest: Manifest, name: str, file_name: str, *, checked: bool
) -> pl.DataFrame:
    """The table in `file_name` once its bytes match the manifest's checksum; `checked`:
    its input key says this code wrote it, so it passed `check_frame` (not run again)."""
    path = folder / file_name
    if name not in TABLES or not path.exists():
        raise SnapshotCorrupt(f"snapshot file for {name} is missing")
    if _sha256(path) != manifest.checksums.get(file_name):
        raise SnapshotCorrupt(f"snapshot file for {name} does not match its checksum")
    try:
        if manifest.rows.get(name, 0) <= ROW_GROUP_ROWS:
            frame = pl.read_parquet(path)  # one row group: one chunk per column
        else:
            frame = _one_column_at_a_time(path)
    except Exception as exc:  # polars raises several error types for damaged Parquet
        raise SnapshotCorrupt(f"snapshot file for {name} is unreadable ({exc})") from None
    problems = [] if checked else check_frame(name, frame)
    if problems:
        raise SnapshotCorrupt(f"snapshot of {name} is not a valid table: {problems[0]}")
    return frame


def _one_column_at_a_time(path: Path) -> pl.DataFrame:
    """A table file of several row groups, each column read and joined into one chunk
    before the next is read: the pieces freed are then reused by the next column's, where
    joining a whole table read in pieces left the memory of a second copy to the
    allocator (docs/architecture.md, "Memory")."""
    names = pl.read_parquet_schema(path)
    return pl.DataFrame([pl.read_parquet(path, columns=[n]).to_series().rechunk() for n in names])


def _sha256(path: Path) -> str:
    # Streamed: the file is never held whole beside the frame read from it.
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# Files of an older snapshot are removed once they are this old: a reader (another browser
# session) may have read the previous manifest and still be loading the files it names.
STALE_AFTER_SECONDS = 600.0


def _remove_stale(folder: Path, keep: set[str]) -> None:
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in folder.iterdir():
        # Another writer may remove a file between the listing and the look at its age.
        with contextlib.suppress(FileNotFoundError):
            if path.name not in keep and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
