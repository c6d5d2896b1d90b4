"""A raw table: the cells of one export as strings, each row with its line in the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The header is one of a file's first rows (below a title or date-range preamble at most);
# format detection looks for it there, and a CSV row wider than all of them is not read.
HEADER_SEARCH = 15


@dataclass(frozen=True)
class Unreadable:
    """A stretch of a file the parser could not split into cells, and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class Grid:
    """Every row of a file or worksheet as read, before the header is known."""

    file: str
    rows: list[list[str]]
    lines: list[int]  # the line (CSV) or row (sheet) number of each row, 1-based
    # Lines left out of `rows` (a value over the CSV field limit, a quote never closed);
    # the reader refuses each with its line so that nothing is dropped without a trace.
    unreadable: list[Unreadable] = field(default_factory=list)

    def non_blank(self) -> list[int]:
        return [i for i, row in enumerate(self.rows) if any(cell.strip() for cell in row)]


@dataclass(frozen=True)
class RawTable:
    """The data rows under one recognised header row."""

    file: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]

    def index(self) -> dict[str, int]:
        """Normalised header name → position; the first of duplicate names wins."""
        found: dict[str, int] = {}
        for i, name in enumerate(self.header):
            found.setdefault(normalise(name), i)
        return found

    def column(self, position: int) -> list[str]:
        return [row[position] if position < len(row) else "" for row in self.rows]

    def subset(self, keep: list[int]) -> RawTable:
        return RawTable(
            self.file, self.header, [self.rows[i] for i in keep], [self.lines[i] for i in keep]
        )


def normalise(name: str) -> str:
    """Header names compared loosely: 'Business segment', 'business_segment', ' BOM'."""
    return re.sub(r"[\s_]+", " ", name.replace("\ufeff", "").lower()).strip()


def table_from(grid: Grid, header_at: int) -> RawTable:
    """The rows below the header; blank rows are not data and are skipped."""
    rows, lines = [], []
    for row, line in zip(grid.rows[header_at + 1 :], grid.lines[header_at + 1 :], strict=True):
        if any(cell.strip() for cell in row):
            rows.append(row)
            lines.append(line)
    return RawTable(grid.file, grid.rows[header_at], rows, lines)
