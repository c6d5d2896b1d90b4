"""The Data page's pieces: source health, refused rows, and uploads staged before use."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

import polars as pl
import streamlit as st

from connectors import SourceRead, refused_frame
from contract.schema import TABLES
from ui import data

NEVER = "never"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else NEVER


def health_table(reads: Sequence[SourceRead]) -> pl.DataFrame:
    """One row per source: what it is, how fresh, how many rows were kept and refused."""
    rows = []
    for read in reads:
        health = read.health
        if read.stale_since is not None:
            state = f"stale since {_when(read.stale_since)}: {health.error}"
        elif health.error:
            state = f"failed: {health.error}"
        else:
            state = "ok"
        rows.append(
            {
                "source": read.name,
                "kind": read.kind,
                "format": health.format or "",
                "last good read": _when(read.read_at),
                "rows read": health.rows_read,
                "rows kept": health.rows_kept,
                "rows refused": health.rows_refused,
                "status": state,
                "warnings": " | ".join(health.warnings),
            }
        )
    return pl.DataFrame(
        rows,
        schema_overrides={"rows read": pl.Int64, "rows kept": pl.Int64, "rows refused": pl.Int64},
    )


def refused_rows(reads: Sequence[SourceRead]) -> pl.DataFrame:
    """Every refused row of every source, with the source's name first."""
    parts = [refused_frame(r.health.refused).with_columns(source=pl.lit(r.name)) for r in reads]
    if not parts:
        return refused_frame([]).with_columns(source=pl.lit(None, pl.String))
    return pl.concat(parts).select("source", "file", "line", "column", "reason")


def table_rows(reads: Sequence[SourceRead]) -> dict[str, int]:
    return {name: sum(r.tables[name].height for r in reads) for name in TABLES}


def changes(current: Sequence[SourceRead], staged: Sequence[SourceRead]) -> pl.DataFrame:
    """Rows per table now and with the staged uploads: what using them would change."""
    before, added = table_rows(current), table_rows(staged)
    return pl.DataFrame(
        [
            {
                "table": name,
                "rows now": before[name],
                "rows from uploads": added[name],
                "rows after": before[name] + added[name],
            }
            for name in TABLES
            if added[name]
        ],
        schema={
            "table": pl.String,
            "rows now": pl.Int64,
            "rows from uploads": pl.Int64,
            "rows after": pl.Int64,
        },
    )


def stage(files: Sequence[object]) -> list[tuple[str, str, bytes, SourceRead]]:
    """Read each uploaded file (cached by content): name, digest, bytes and what was found."""
    staged = []
    for file in files:
        name = str(getattr(file, "name", "upload"))
        content = file.getvalue()  # type: ignore[attr-defined]
        digest = hashlib.sha256(content).hexdigest()
        staged.append((name, digest, content, data.upload_read(name, digest, content)))
    return staged


def apply(staged: Sequence[tuple[str, str, bytes, SourceRead]]) -> None:
    """Use the understood uploads in this session (the user has seen what changes)."""
    usable = [
        (name, digest, content) for name, digest, content, read in staged if not read.health.error
    ]
    st.session_state[data.UPLOAD_BYTES] = {digest: content for _, digest, content in usable}
    st.session_state[data.APPLIED_UPLOADS] = [(name, digest) for name, digest, _ in usable]


def stop_using_uploads() -> None:
    st.session_state.pop(data.UPLOAD_BYTES, None)
    st.session_state.pop(data.APPLIED_UPLOADS, None)
