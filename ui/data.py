"""Loading the data, cached on small keys: the one place for caching and secrets.

See docs/architecture.md, "Caching".

Sources are read once per sources-file version, file change or refresh; the model is
built once per combination of reads. One version of the data is held at a time: the
reads, the combined tables and the prepared model share their columns' memory
(connectors.combine and kpi.model.prepare add columns, they do not copy the leads or
the orders), and a new version of the configured sources replaces the old one rather
than sitting beside it (docs/architecture.md, "Memory"). Every cache key is a short
string or tuple, never a frame: Streamlit hashes only a sample of large frames, so a
frame key could serve stale KPIs after one row changed. The data's `version` is a
digest of its content, so KPI caches keyed on it can never outlive a change of a
single row.

A warehouse holds its fact tables itself: its version is the probe's (ui/warehouse.py),
not a digest of frames this process never holds. The model is built on the engine
sources.toml chooses, or in the warehouse (compose/, shared with the command line).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import streamlit as st

import compose
import connectors
from compose import Place
from connectors import ConfigError, DataHealth, SourceConfig, SourceRead
from connectors.demo import DEFAULT_LEADS, DEFAULT_SEED
from connectors.sources.warehouse import Version
from kpi.engines import EngineName, on_frames
from kpi.model import Model
from present.formatting import literal
from ui import upload_cache, warehouse

DEMO_SOURCE = SourceConfig(
    name="Demo data (Maison Lumière)",
    kind="demo",
    options={"seed": DEFAULT_SEED, "leads": DEFAULT_LEADS},
)
SNAPSHOT_DIR = Path(".tandem/snapshots")


@dataclass(frozen=True)
class Loaded:
    """The data a session sees (docs/architecture.md, "Uploads").

    `reads` are the reads in use: the configured sources then the session's uploads, or
    the uploads alone when they set the demo aside. `shared` are what everyone else
    sees (the configured sources, or the demo): what a shared link shows.
    """

    model: Model
    version: str  # a digest of the data's content (a warehouse's probe): in every KPI key
    source_label: str  # what the sidebar says the data is
    reads: tuple[SourceRead, ...]
    config_error: str | None = None
    shared: tuple[SourceRead, ...] = ()
    place: Place | None = None  # where the KPIs are computed (the Data page says)
    probed: Version | None = None  # the warehouse's version, when one holds the facts
    model_error: str | None = None  # why the reads make no model (then it holds no rows)

    @property
    def uploads(self) -> tuple[SourceRead, ...]:
        return tuple(read for read in self.reads if read.kind == UPLOAD)

    @property
    def uploads_replace(self) -> bool:
        return uploads_replace(self.shared)


UPLOAD = "upload"  # the kind of an uploaded file's read (connectors.read_upload)


def uploads_replace(shared: Sequence[SourceRead]) -> bool:
    """Whether a session's uploads are its whole data (docs/architecture.md, "Uploads").

    On the demo brand, or with no usable sources, the uploads are shown alone: an
    invented brand's numbers mixed into a real export would be taken for the export's.
    Beside configured sources they add to them: a manager uploads this week's ad export
    to read it next to the brand's leads and deals.
    """
    return not shared or [read.kind for read in shared] == ["demo"]


def _sources_key() -> tuple[str, ...]:
    """What identifies the configured sources now: the config file and its files' contents.

    Size and modification time alone miss an edit that keeps the size within the
    timestamp's granularity, or a sync tool that restores the old mtime; so each file is
    known by a digest of its bytes. The digest is computed once per file version (see
    `_file_digest`), so an unchanged file costs a `stat` per rerun, not a read.
    """
    try:
        config = connectors.load_config()
    except ConfigError as exc:
        return ("config-error", str(exc))
    if config is None:
        return ("demo",)
    parts = [f"{config.path}:{_file_digest_of(config.path)}"]
    every = []
    for source in config.sources:
        # A warehouse is read again when its tables' version moves (ui/warehouse.py).
        probed = warehouse.version(source) if source.kind == "warehouse" else None
        if probed is not None:
            parts.append(f"{source.name}@{probed.digest}")
        # A source with no cheap version to look at (a Google Sheet) is read again this often.
        seconds = warehouse.refresh_seconds(source, probed)
        if seconds:
            every.append(seconds)
    if every:
        parts.append(f"refresh:{int(time.time() // min(every))}")
    for source in config.sources:
        if source.path is not None and source.path.exists():
            files = [source.path] if source.path.is_file() else sorted(source.path.iterdir())
            parts += [f"{f}:{_file_digest_of(f)}" for f in files if f.is_file()]
    return tuple(parts)


def _file_digest_of(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "unreadable"
    # ctime cannot be set back by a program (os.utime sets it to now), so any write
    # gives a new stat signature and the bytes are digested again.
    return _file_digest(str(path), info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@functools.lru_cache(maxsize=4096)
def _file_digest(path: str, inode: int, size: int, mtime_ns: int, ctime_ns: int) -> str:
    """A digest of a file's bytes, memoised on its stat signature."""
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()[:32]
    except OSError:
        return f"unreadable:{size}:{mtime_ns}"


@dataclass(frozen=True)
class Configured:
    """The configured sources' reads and the settings the model is built with."""

    reads: tuple[SourceRead, ...]
    error: str | None = None  # why sources.toml cannot be used
    currency: str | None = None  # the reporting currency (None: the data's own)
    engine: EngineName = "polars"
    sources: tuple[SourceConfig, ...] = ()


# One entry: a second version of every table would double the app's memory.
@st.cache_resource(show_spinner="Reading the data sources…", max_entries=1)
def _configured_reads(key: tuple[str, ...]) -> Configured:
    if key[0] == "config-error":
        # No data rather than the demo brand's: numbers from another brand beside an error
        # line would be taken for this one's.
        return Configured((), key[1])
    config = connectors.load_config()
    try:
        engine = compose.engine_of(config)
    except compose.ModelError as exc:
        return Configured((), str(exc))
    sources = config.sources if config else (DEMO_SOURCE,)
    snapshot_dir = config.snapshot_dir if config else SNAPSHOT_DIR
    secrets = warehouse.secrets()
    reads = tuple(
        connectors.read_source(
            source,
            credentials=compose.credentials_for(source, secrets),
            snapshot_dir=snapshot_dir,
        )
        for source in sources
    )
    currency = config.reporting_currency if config else None
    return Configured(reads, None, currency, engine, sources)


def content_version(frames: Mapping[str, pl.DataFrame]) -> str:
    """A digest of every row of every table: equal data, equal version; one row changed, new one."""
    digest = hashlib.sha256()
    for name in sorted(frames):
        frame = frames[name]
        row_hashes = frame.hash_rows(seed=0).sum() if frame.height else 0
        digest.update(f"{name}:{frame.height}:{row_hashes};".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class _Built:
    model: Model
    version: str
    notes: tuple[tuple[str, ...], ...]  # what combining noted about each read
    place: Place | None
    error: str | None = None


@st.cache_resource(show_spinner="Preparing the data…", max_entries=8)
def _model(key: tuple[str, ...], _reads: Sequence[SourceRead], _configured: Configured) -> _Built:
    """The model of these reads, and what combining them noted about each read.

    Combining notes what it finds (mixed currencies, a key repeated across sources) in
    each read's health. The configured reads are shared by every session, so it writes
    in empty records of its own instead: the notes belong to this combination of sources
    and uploads, and one session's upload never adds a line to everyone's health.
    The key holds the configured sources' key, so a warehouse's probe is part of it.
    """
    reads = [dataclasses.replace(r, health=DataHealth(r.health.source)) for r in _reads]
    frames = connectors.combine(reads, reporting_currency=_configured.currency)
    notes = tuple(tuple(read.health.warnings) for read in reads)
    version = content_version(frames)
    try:
        model, place = compose.model_of(
            frames,
            reads,
            _configured.sources,
            engine=_configured.engine,
            connect=warehouse.connection,
        )
    except compose.ModelError as exc:
        # No rows rather than a guess: every KPI says "not in this data", the page says why.
        return _Built(on_frames("polars", {}), version, notes, None, str(exc))
    if model.engine is not None:
        # Its own version: a view another engine answered is not served from this one's
        # cache; and a warehouse's fact rows are not in `frames`, the key holds its probe.
        where = (place.engine, key if place.in_warehouse else ())
        version = hashlib.sha256(repr((version, where)).encode()).hexdigest()[:16]
    return _Built(model, version, notes, place)


def _noted(read: SourceRead, notes: Sequence[str]) -> SourceRead:
    """The read with combining's notes added to a copy of its health record."""
    if not notes:
        return read
    health = dataclasses.replace(read.health, warnings=list(read.health.warnings))
    for note in notes:
        health.warn(note)
    return dataclasses.replace(read, health=health)


def load() -> Loaded:
    sources_key = _sources_key()
    configured = _configured_reads(sources_key)
    if _retry_due(configured.reads):
        _configured_reads.clear()
        configured = _configured_reads(sources_key)
    uploads = upload_cache.applied()
    # Each read's time and each upload's digest: a refresh or another upload is a new model.
    configured_key = (*sources_key, *(f"{r.name}@{r.read_at}" for r in configured.reads))
    _forget_models_of_other_reads(configured_key)
    if uploads and uploads_replace(configured.reads):
        reads, key = tuple(uploads), ("uploads only", *upload_cache.keys())
        settings = dataclasses.replace(configured, reads=(), sources=())
    else:
        reads, key = (*configured.reads, *uploads), (*configured_key, *upload_cache.keys())
        settings = configured
    built = _model(key, reads, settings)
    noted = tuple(_noted(read, n) for read, n in zip(reads, built.notes, strict=True))
    label = _label(configured.reads, uploads)
    return Loaded(
        built.model,
        built.version,
        label,
        noted,
        configured.error,
        shared=configured.reads,
        place=built.place,
        probed=_warehouse_version(configured.sources, built.place),
        model_error=built.error,
    )


def _warehouse_version(sources: Sequence[SourceConfig], place: Place | None) -> Version | None:
    """The last probe of the warehouse the model is in (cached: it costs nothing here)."""
    if place is None or not place.in_warehouse:
        return None
    return next(warehouse.version(s) for s in sources if s.name == place.by)


_models_built_on: list[tuple[str, ...]] = []  # the configured reads the cached models use


def _forget_models_of_other_reads(configured_key: tuple[str, ...]) -> None:
    """Drop the models of an older read of the sources: each holds columns of its own."""
    if _models_built_on and _models_built_on[0] != configured_key:
        _model.clear()
    _models_built_on[:] = [configured_key]


def _retry_due(reads: Sequence[SourceRead]) -> bool:
    """A failed source is read again once its retry time has passed (on the next rerun)."""
    now = datetime.now(UTC)
    return any(read.retry_after is not None and read.retry_after <= now for read in reads)


def shared_label(configured: Sequence[SourceRead]) -> str:
    """What everyone sees, in a few words."""
    if not configured:
        return "no data (sources.toml could not be used)"
    if [r.kind for r in configured] == ["demo"]:
        return "the demo data (Maison Lumière)"
    return f"the {len(configured)} configured source(s)"


def _label(configured: Sequence[SourceRead], uploads: Sequence[SourceRead]) -> str:
    if not configured:
        label = "No data: sources.toml could not be used"
    elif [r.kind for r in configured] == ["demo"]:
        label = "Demo data: Maison Lumière (no sources configured)"
    else:
        label = f"{len(configured)} configured source(s)"
    if uploads and uploads_replace(configured):
        label = f"{len(uploads)} uploaded file(s) only, in this session"
    elif uploads:
        label += f" + {len(uploads)} uploaded file(s) in this session"
    stale = [literal(r.name) for r in configured if r.stale_since is not None]  # a caption
    if stale:
        label += f". Stale: {', '.join(stale)}"
    return label


def refresh() -> None:
    """Read every configured source again (the Data page's refresh button)."""
    _configured_reads.clear()
    warehouse.forget()
