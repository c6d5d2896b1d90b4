"""What reading one source gives back: its canonical tables, health, and freshness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl
from contract.schema import TABLES

from connectors.health import DataHealth


@dataclass
class SourceRead:
    name: str
    kind: str
    tables: dict[str, pl.DataFrame]
    health: DataHealth
    stale_since: datetime | None = None  # set when a failed read serves the last good snapshot
    read_at: datetime | None = None  # when the data shown was successfully read
    # Set when a read failed: when trying again makes sense, for a "will retry at …" note.
    retry_after: datetime | None = None


def empty_tables() -> dict[str, pl.DataFrame]:
    return {name: spec.empty() for name, spec in TABLES.items()}
