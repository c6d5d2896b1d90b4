"""The Data page's pieces: source health, refused rows, and what using uploads changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl

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


def upload_rule(shared: Sequence[SourceRead]) -> str:
    """Whether uploads replace or add to the shared data, in one sentence."""
    if not shared:
        return "Used files are this session's whole data (sources.toml could not be used)."
    if data.uploads_replace(shared):
        return (
            f"Used files are this session's whole data: {data.shared_label(shared)} is set "
            "aside until you go back to it."
        )
    store = next((r.name for r in shared if r.kind == "warehouse" and not r.health.error), None)
    if store is not None:
        return (
            f"Used files may add launches, targets and events to {data.shared_label(shared)} "
            f"in this session (the warehouse source {store} holds leads, deals, spend and "
            "orders); everyone else keeps seeing the configured sources alone."
        )
    return (
        f"Used files add to {data.shared_label(shared)} in this session; everyone else "
        "keeps seeing the configured sources alone."
    )


def changes(
    now: Sequence[SourceRead], shared: Sequence[SourceRead], staged: Sequence[SourceRead]
) -> pl.DataFrame:
    """Rows per table now and with the staged uploads in use instead of any used before:
    on their own over the demo, added to configured sources (`data.uploads_replace`)."""
    base = [] if data.uploads_replace(shared) else shared
    before, added, kept = table_rows(now), table_rows(staged), table_rows(base)
    return pl.DataFrame(
        [
            {
                "table": name,
                "rows now": before[name],
                "rows from uploads": added[name],
                "rows after": kept[name] + added[name],
            }
            for name in TABLES
            if added[name] or before[name]
        ],
        schema={
            "table": pl.String,
            "rows now": pl.Int64,
            "rows from uploads": pl.Int64,
            "rows after": pl.Int64,
        },
    )
