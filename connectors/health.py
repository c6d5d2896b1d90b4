"""The data-health record every read returns: what was read, kept and refused, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl


@dataclass(frozen=True)
class RefusedRow:
    """One input row that did not make it into a canonical table, and the reason."""

    file: str
    line: int
    column: str | None
    reason: str


# Refused rows listed per file, each with its reason; past this they are counted only. A
# 30 MB file of bad rows would otherwise keep ~300 MB of reasons for as long as its read
# is cached (docs/architecture.md, "Hostile input").
LISTED_PER_FILE = 1_000


@dataclass
class DataHealth:
    """What one read of one source did with its rows. Nothing is dropped without a trace."""

    source: str
    format: str | None = None  # the adapter that recognised the input, e.g. "google_ads"
    rows_read: int = 0
    rows_kept: int = 0
    rows_refused: int = 0
    refused: list[RefusedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # set when the source as a whole could not be read
    refused_per_file: dict[str, int] = field(default_factory=dict)

    def refuse(self, file: str, line: int, column: str | None, reason: str) -> None:
        self.rows_refused += 1
        count = self.refused_per_file[file] = self.refused_per_file.get(file, 0) + 1
        if count <= LISTED_PER_FILE:
            self.refused.append(RefusedRow(file, line, column, reason))
        elif count == LISTED_PER_FILE + 1:
            self.warn(
                f"{file}: more than {LISTED_PER_FILE:,} rows were refused; the first "
                f"{LISTED_PER_FILE:,} are listed with their reasons, every one is counted"
            )

    def warn(self, message: str) -> None:
        # Reruns (e.g. combine called twice) must not repeat the same note.
        if message not in self.warnings:
            self.warnings.append(message)

    def absorb(self, other: DataHealth) -> None:
        """Fold the record of one file into the record of its folder."""
        self.rows_read += other.rows_read
        self.rows_kept += other.rows_kept
        self.rows_refused += other.rows_refused
        self.refused.extend(other.refused)
        for file, count in other.refused_per_file.items():
            self.refused_per_file[file] = self.refused_per_file.get(file, 0) + count
        for message in other.warnings:
            self.warn(message)

    def to_record(self) -> dict[str, Any]:
        """The record as JSON-ready values, kept beside a snapshot of the read."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: Any) -> DataHealth:
        """The record `to_record` gave; TypeError if `record` does not have its fields."""
        if not isinstance(record, dict):
            raise TypeError("a health record is a JSON object")
        refused = [RefusedRow(**row) for row in record.get("refused", [])]
        return cls(**(record | {"refused": refused}))

    def refused_frame(self) -> pl.DataFrame:
        """The refused rows as a table, for download from the Data page."""
        return refused_frame(self.refused)


REFUSED_SCHEMA = pl.Schema(
    {"file": pl.String(), "line": pl.Int64(), "column": pl.String(), "reason": pl.String()}
)


def refused_frame(rows: list[RefusedRow]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "file": [r.file for r in rows],
            "line": [r.line for r in rows],
            "column": [r.column for r in rows],
            "reason": [r.reason for r in rows],
        },
        schema=REFUSED_SCHEMA,
    )
