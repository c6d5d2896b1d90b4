"""This session's uploaded files: their bytes once applied, and their reads, cached.

See docs/architecture.md, "Caching" and "Uploads". The cache is per session, bounded in
bytes and in time, so a large file of refused rows cannot pin memory for every user.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

import connectors
from connectors import SourceRead

APPLIED_UPLOADS = "applied_uploads"  # session key: [(file name, sha256)] the user chose to use
UPLOAD_BYTES = "upload_bytes"  # session key: sha256 → bytes of each applied upload
UPLOAD_READS = "upload_reads"  # session key: (file name, sha256) → its cached read
# Each session keeps the reads of its uploads up to this size, dropping the least recently
# used first, and drops a read not used for UPLOAD_READ_SECONDS; a dropped read is simply
# read again when the file is used. Per session, so one user's files cost no one else.
UPLOAD_READ_BYTES = 256 * 1024 * 1024
UPLOAD_READ_SECONDS = 30 * 60


@dataclass
class _UploadRead:
    read: SourceRead
    size: int  # bytes the read holds: its tables and refused rows
    used: float  # time.monotonic() of its last use


def upload_read(file_name: str, digest: str, data: bytes) -> SourceRead:
    """An uploaded file's read, cached in this session only, bounded in bytes and time.

    See docs/architecture.md, "Caching". The bytes themselves are the upload widget's (or,
    once applied, this session's UPLOAD_BYTES); the cache keeps only what was read.
    """
    cache: dict[tuple[str, str], _UploadRead] = st.session_state.setdefault(UPLOAD_READS, {})
    now = time.monotonic()
    for key in [k for k, e in cache.items() if now - e.used > UPLOAD_READ_SECONDS]:
        del cache[key]
    key = (file_name, digest)
    if key not in cache:
        read = connectors.read_upload(file_name, data)
        cache[key] = _UploadRead(read, _footprint(read), now)
    found = cache[key]
    found.used = now
    _evict(cache)
    return found.read


def _footprint(read: SourceRead) -> int:
    refused = sum(len(r.reason) + len(r.file) + 100 for r in read.health.refused)
    return sum(int(frame.estimated_size()) for frame in read.tables.values()) + refused


def _evict(cache: dict[tuple[str, str], _UploadRead]) -> None:
    """The least recently used reads go until the rest fit UPLOAD_READ_BYTES."""
    total = sum(entry.size for entry in cache.values())
    for key, entry in sorted(cache.items(), key=lambda item: item[1].used):
        if total <= UPLOAD_READ_BYTES:
            break
        del cache[key]
        total -= entry.size


def applied() -> list[SourceRead]:
    """The reads of the files this session chose to use, in the order chosen."""
    blobs: dict[str, bytes] = st.session_state.get(UPLOAD_BYTES, {})
    return [
        upload_read(name, digest, blobs[digest])
        for name, digest in st.session_state.get(APPLIED_UPLOADS, [])
        if digest in blobs
    ]


def keys() -> list[str]:
    """What the applied uploads are, for a cache key: each file's name and digest."""
    return [f"{name}:{digest}" for name, digest in st.session_state.get(APPLIED_UPLOADS, [])]
