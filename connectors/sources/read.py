"""Reading a configured source or an upload, never raising for a source's failure.

A read that fails (network, quota, permission, bad file) serves the source's last good
snapshot with `stale_since` set and the error in the health record; with no usable
snapshot it gives empty tables and the error. A source whose input is byte for byte
what its last snapshot was typed from is served from that snapshot, with that read's
health record (`input_key`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import contract.schema
import polars as pl
from contract.schema import SCHEMA_VERSION, TABLES

from connectors.errors import SourceError, is_panic
from connectors.formats.adapters.base import Frames
from connectors.formats.export import read_export
from connectors.grid.limits import (
    DEFAULT_LIMITS,
    MAX_XLSX_EXPANDED,
    SOURCE_LIMITS,
    SOURCE_MAX_BYTES,
    SOURCE_MAX_ROWS,
    Limits,
)
from connectors.health import DataHealth
from connectors.sources import snapshots
from connectors.sources.combine import combine
from connectors.sources.kinds import KINDS
from connectors.sources.result import SourceRead, empty_tables
from connectors.sources.source import SourceConfig

# A failed source is worth trying again after this long: long enough for a quota (429)
# window or a server hiccup to pass, short enough for a meeting.
RETRY_AFTER = timedelta(minutes=5)
# Snapshots served at once by `read_sources`: past the cores, threads only wait.
MAX_SNAPSHOT_THREADS = 4


def read_source(
    source: SourceConfig,
    *,
    credentials: Mapping[str, Any] | None,
    snapshot_dir: Path,
    max_bytes: int = SOURCE_MAX_BYTES,
    max_xlsx_expanded: int = MAX_XLSX_EXPANDED,
    max_rows: int = SOURCE_MAX_ROWS,
    retry_in: timedelta = RETRY_AFTER,
) -> SourceRead:
    """One source's tables and health; never raises for the source's own failures.

    `max_bytes` bounds each file read, `max_xlsx_expanded` each workbook's uncompressed
    size and `max_rows` each file's rows; a failed read sets `retry_after` to now +
    `retry_in`.
    """
    limits = dataclasses.replace(
        SOURCE_LIMITS, max_bytes=max_bytes, max_xlsx_expanded=max_xlsx_expanded, max_rows=max_rows
    )
    return _unchanged(source, limits, snapshot_dir) or _read(
        source, credentials, snapshot_dir, limits, datetime.now(UTC) + retry_in
    )


def read_sources(
    sources: Sequence[SourceConfig],
    *,
    credentials: Callable[[SourceConfig], Mapping[str, Any] | None],
    snapshot_dir: Path,
) -> list[SourceRead]:
    """Every source's read, in the sources' order, as `read_source` reads each one.

    The sources whose input is unchanged are served from their snapshots side by side:
    hashing and decoding Parquet let other threads run, and each read holds only its
    own tables. The others are read one at a time, so that one source's files are typed
    at once, not several (docs/architecture.md, "Memory").
    """
    workers = max(1, min(len(sources), os.cpu_count() or 1, MAX_SNAPSHOT_THREADS))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        kept = list(pool.map(lambda s: _unchanged(s, SOURCE_LIMITS, snapshot_dir), sources))
    retry_at = datetime.now(UTC) + RETRY_AFTER
    return [
        found or _read(source, credentials(source), snapshot_dir, SOURCE_LIMITS, retry_at)
        for source, found in zip(sources, kept, strict=True)
    ]


def _read(
    source: SourceConfig,
    credentials: Mapping[str, Any] | None,
    snapshot_dir: Path,
    limits: Limits,
    retry_at: datetime,
) -> SourceRead:
    """The source read and typed now, its snapshot written; its last one on failure."""
    health = DataHealth(source.name)
    try:
        _check_path(source)
        frames, checksum = KINDS[source.kind].read(
            source, credentials=credentials, health=health, limits=limits
        )
    except SourceError as exc:
        return _fallback(source, health, str(exc), snapshot_dir, retry_at)
    except BaseException as exc:  # a bug must not take the app down; the type is enough
        if not isinstance(exc, Exception) and not is_panic(exc):
            raise  # KeyboardInterrupt, SystemExit: not ours to swallow
        why = f"unexpected error while reading ({type(exc).__name__})"
        return _fallback(source, health, why, snapshot_dir, retry_at)
    tables = _complete(frames)
    now = datetime.now(UTC)
    key = input_key(source, limits, checksum)
    unchanged = source.kind == "demo" or snapshots.refresh_if_same(
        snapshot_dir, source.name, input_checksum=key, read_at=now
    )
    if not unchanged:  # the demo regenerates in a moment; an unchanged input is kept already
        try:
            snapshots.save(
                snapshot_dir,
                source.name,
                tables,
                read_at=now,
                input_checksum=key,
                adapter=health.format,
                health=health,
            )
        except snapshots.SnapshotRefused as exc:
            health.warn(f"no snapshot kept of this read: {exc}")
        except (OSError, pl.exceptions.PolarsError) as exc:
            why = getattr(exc, "strerror", None) or type(exc).__name__
            health.warn(
                f"could not keep a snapshot of this read in {snapshot_dir} ({why}); "
                "the previous snapshot stays in place"
            )
    return SourceRead(source.name, source.kind, tables, health, None, now)


def demo_tables() -> dict[str, pl.DataFrame]:
    """The bundled demo brand, read and combined as any source is (currencies converted)."""
    demo = SourceConfig(name="Demo data", kind="demo")
    return combine([read_source(demo, credentials=None, snapshot_dir=Path("unused"))])


def read_upload(file_name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> SourceRead:
    """An export uploaded on the Data page; its format is detected from its headers.

    A file over any of `limits` (bytes, a workbook's expansion, rows, columns, cells, one
    cell's length, the text of all cells) is refused before its rows are typed, and an
    XLSX or Parquet file before anything of it leaves the child process that decodes it.
    """
    health = DataHealth(file_name)
    try:
        frames = read_export(file_name, data, health, limits=limits)
    except SourceError as exc:
        health.error = str(exc)
        return SourceRead(file_name, "upload", empty_tables(), health)
    except BaseException as exc:  # an upload is untrusted input: report, never crash
        if not isinstance(exc, Exception) and not is_panic(exc):
            raise
        health.error = f"{file_name} could not be read ({type(exc).__name__})"
        return SourceRead(file_name, "upload", empty_tables(), health)
    return SourceRead(file_name, "upload", _complete(frames), health, None, datetime.now(UTC))


def _unchanged(source: SourceConfig, limits: Limits, snapshot_dir: Path) -> SourceRead | None:
    """The last snapshot as this read, when the source's input is byte for byte the one
    it was typed from; None when it is not, or the kind has no cheap digest."""
    digest = KINDS[source.kind].digest
    if digest is None:
        return None
    try:
        checksum = digest(source, limits)
    except SourceError:  # the read fails the same way and says why
        return None
    now = datetime.now(UTC)
    key = input_key(source, limits, checksum)
    found = snapshots.reuse(snapshot_dir, source.name, input_checksum=key, read_at=now)
    if found is None:
        return None
    tables, health = found
    return SourceRead(source.name, source.kind, _complete(tables), health, None, now)


def input_key(source: SourceConfig, limits: Limits, checksum: str) -> str:
    """What a read's result depends on: the input's bytes (`checksum`), how the source is
    configured to read them, the limits, and this Tandem's reading code and contract."""
    how = (source.kind, source.format, source.table, source.sheet, source.gid, limits)
    parts = (checksum, repr(how), str(SCHEMA_VERSION), _code_digest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@cache
def _code_digest() -> str:
    """A digest of the connectors' and the contract's source: a new version reads again."""
    found = hashlib.sha256()
    connectors = Path(__file__).resolve().parents[1]
    for root in (connectors, Path(contract.schema.__file__).resolve().parent):
        for path in sorted(root.rglob("*.py")):
            found.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return found.hexdigest()


def _check_path(source: SourceConfig) -> None:
    """A configured file or folder that is gone fails its source like any other failure.

    A sync or mount gap, or a file moved away, must not take the other sources down: the
    source is served from its last good snapshot, stale since its last read.
    """
    path = source.path
    if path is None:
        return
    if not path.exists():
        raise SourceError(
            f"no {source.kind} at {path} (moved or deleted, or its drive or sync folder "
            "is not mounted)"
        )
    if not os.access(path, os.R_OK):
        raise SourceError(f"{path} is not readable (check its permissions)")


def _complete(frames: Frames) -> dict[str, pl.DataFrame]:
    """Every canonical table, in canonical column order and encoding, each column in one
    piece; lookup frames stay behind. The tables are taken out of `frames`."""
    return {
        name: _one_piece(spec.conform(frames.pop(name))) if name in frames else spec.empty()
        for name, spec in TABLES.items()
    }


def _one_piece(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with each column in one chunk, rechunked a column at a time.

    A table read from several files (or row groups) is in several chunks, while a column
    computed later (a join's result, a row index) is in one; polars then rechunks every
    column of the table to evaluate an expression over both, a whole copy beside the
    read (docs/architecture.md, "Memory"). Done here once, the read's peak is the table
    and one column.
    """
    for name in frame.columns:
        if frame[name].n_chunks() > 1:
            frame = frame.with_columns(frame[name].rechunk())
    return frame


def _fallback(
    source: SourceConfig, failed: DataHealth, error: str, snapshot_dir: Path, retry_at: datetime
) -> SourceRead:
    # Counts from the failed attempt would mix with the snapshot's; start a clean record.
    health = DataHealth(source.name, format=failed.format, error=error)
    empty = SourceRead(source.name, source.kind, empty_tables(), health, retry_after=retry_at)
    try:
        found = snapshots.load(snapshot_dir, source.name)
    except snapshots.SnapshotCorrupt as exc:
        health.error = f"{error}; the last good snapshot is unusable: {exc}"
        return empty
    if found is None:
        return empty
    manifest, tables = found
    since = manifest.read_at_time
    health.format = manifest.adapter
    health.rows_kept = sum(manifest.rows.values())
    health.warn(f"showing the last good read, stale since {since:%Y-%m-%d %H:%M} UTC")
    return SourceRead(source.name, source.kind, _complete(tables), health, since, since, retry_at)
