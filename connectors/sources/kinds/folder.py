"""The `folder` kind: every export in one folder, read as one source.

Files are read in name order. When several files hold the same record (the same key
in the same table, e.g. an original export and a copy that went through Excel), the
record is counted once: the row from the first file in name order is kept, and the
health record names the files and how many rows were merged. Rename files to change
which one wins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import polars as pl
from contract.schema import TABLES

from connectors.errors import RefusedFile, SourceError
from connectors.formats.adapters.base import Frames
from connectors.formats.adapters.maven import OWNER_REGIONS
from connectors.formats.export import read_export
from connectors.grid.limits import DEFAULT_LIMITS, Limits, check_size
from connectors.health import DataHealth
from connectors.keys import first_per_key
from connectors.sources.kinds.base import Kind, source_path, text
from connectors.sources.source import SourceConfig

EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".parquet")


def export_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and p.suffix.lower() in EXPORT_SUFFIXES
    )


def read(
    source: SourceConfig,
    *,
    credentials: Mapping[str, Any] | None,
    health: DataHealth,
    limits: Limits,
) -> tuple[Frames, str]:
    if source.path is None:
        raise SourceError("no 'path' is configured for this folder source")
    return read_folder(
        source.path,
        health,
        format=source.format,
        table=source.table,
        limits=limits,
        sheet=source.sheet,
    )


def read_folder(
    folder: Path,
    health: DataHealth,
    *,
    format: str | None = None,
    table: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sheet: str | None = None,
) -> tuple[Frames, str]:
    """Canonical frames from every export in `folder`, and a checksum of the inputs."""
    digest = hashlib.sha256()
    parts: dict[str, list[tuple[str, pl.DataFrame]]] = {}  # table → (file name, rows)
    formats: set[str] = set()
    for path, data in _inputs(folder, limits, health):
        digest.update(path.name.encode() + hashlib.sha256(data).digest())
        file_health = DataHealth(health.source)
        try:
            frames = read_export(
                path.name,
                data,
                file_health,
                format=format,
                table=table,
                limits=limits,
                on_server=True,
                sheet=sheet,
            )
        except RefusedFile as exc:
            health.warn(f"{path.name} refused whole: {exc}")
            continue
        formats.add(str(file_health.format))
        health.absorb(file_health)
        for name, frame in frames.items():
            parts.setdefault(name, []).append((path.name, frame))
    health.format = ", ".join(sorted(formats)) or None
    if not formats:
        raise SourceError(f"no file in {folder} is in a format Tandem understands")
    tables = {
        name: _merge(name, frames, health) for name, frames in parts.items() if name in TABLES
    }
    if OWNER_REGIONS in parts and "deals" in tables:
        regions = pl.concat([frame for _, frame in parts[OWNER_REGIONS]])
        tables["deals"] = _fill_regions(tables["deals"], regions)
    return tables, digest.hexdigest()


def digest(source: SourceConfig, limits: Limits) -> str:
    """The checksum `read` gives for the folder's files as they are now, without reading them."""
    if source.path is None:
        raise SourceError("no 'path' is configured for this folder source")
    found = hashlib.sha256()
    for path, data in _inputs(source.path, limits, DataHealth(str(source.path))):
        found.update(path.name.encode() + hashlib.sha256(data).digest())
    return found.hexdigest()


def _inputs(folder: Path, limits: Limits, health: DataHealth) -> Iterator[tuple[Path, bytes]]:
    """Each export file's bytes, in name order; a file unreadable or too large is noted."""
    try:
        files = export_files(folder)
    except OSError as exc:
        raise SourceError(f"cannot list the folder {folder} ({exc.strerror})") from None
    if not files:
        raise SourceError(f"no export files ({', '.join(EXPORT_SUFFIXES)}) in {folder}")
    for path in files:
        try:
            check_size(path.name, path.stat().st_size, limits)  # before loading it
            data = path.read_bytes()
        except OSError as exc:
            health.warn(f"{path.name} could not be read ({exc.strerror})")
            continue
        except RefusedFile as exc:
            health.warn(f"{path.name} refused whole: {exc}")
            continue
        yield path, data


def _merge(name: str, frames: list[tuple[str, pl.DataFrame]], health: DataHealth) -> pl.DataFrame:
    stacked = pl.concat([frame for _, frame in frames], how="vertical")
    key = list(TABLES[name].key)
    kept = first_per_key(stacked, key)
    merged = stacked.height - kept.height
    if merged:
        health.rows_kept -= merged
        health.warn(
            f"{name}: {merged} row(s) repeat records already read from another file in this "
            f"folder ({', '.join(_holders(stacked, key, frames))}); each record is counted "
            "once, from the first file in name order"
        )
    return kept


def _holders(
    stacked: pl.DataFrame, key: list[str], frames: list[tuple[str, pl.DataFrame]]
) -> list[str]:
    """The files holding a repeated key, in name order. Found from the files' row ranges
    in `stacked`: a file name beside every row would be a text column as long as the table."""
    rows = stacked.select(pl.arg_where(stacked.select(key).is_duplicated()))
    ends = pl.Series([frame.height for _, frame in frames]).cum_sum()
    files = ends.search_sorted(rows.to_series(), side="right").unique()
    return sorted(frames[i][0] for i in files.to_list())


def _fill_regions(deals: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    """Deals without a region take their owner's regional office from a sales-team file."""
    lookup = regions.unique(subset=["owner"], keep="first").select(
        pl.col("owner").cast(deals.schema["owner"]),
        pl.col("region").cast(deals.schema["region"]).alias("_office"),
    )
    joined = deals.join(lookup, on="owner", how="left", maintain_order="left")
    return joined.with_columns(region=pl.coalesce("region", "_office")).drop("_office")


def configure(entry: Mapping[str, Any], label: str, base: Path) -> dict[str, Any]:
    return {
        "path": source_path(entry, label, base),
        "sheet": text(entry, "sheet", label),
    }


KIND = Kind("folder", ("path", "sheet"), configure, read, digest=digest)
