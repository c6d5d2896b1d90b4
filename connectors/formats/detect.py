"""Which adapter understands a grid, and where its header row is.

The header may sit below a title or date-range preamble (Google Ads), so the first
rows are each tried as a header. A grid no adapter understands is refused whole with
a message that says what it is and what is missing (connectors/formats/refusal.py).
"""

from __future__ import annotations

from connectors.errors import RefusedFile
from connectors.formats.adapters import ADAPTERS, Adapter
from connectors.formats.refusal import HEADER_SEARCH, refusal
from connectors.grid.cells import Grid, normalise


def understood_formats(candidates: list[Adapter] | None = None) -> str:
    """The formats in plain words; the canonical tables are summed up in one entry."""
    chosen = list(ADAPTERS.values()) if candidates is None else candidates
    specific = [a.label for a in chosen if not a.known]
    canonical = [a.tables[0] for a in chosen if a.known]
    if canonical:
        specific.append(f"Tandem's own columns for the {', '.join(canonical)} table(s)")
    return "; ".join(specific)


def detect(
    grid: Grid, *, format: str | None = None, table: str | None = None
) -> tuple[Adapter, int]:
    """The best adapter and the index of its header row in `grid.rows`."""
    candidates = _candidates(format, table)
    for i in grid.non_blank()[:HEADER_SEARCH]:
        header = {normalise(c) for c in grid.rows[i] if c.strip()}
        scored = [(a.score(header), a) for a in candidates]
        best_score, best = max(scored, key=lambda s: s[0])
        if best_score > 0:
            return best, i
    raise RefusedFile(refusal(grid, candidates, understood_formats(candidates)))


def _candidates(format: str | None, table: str | None) -> list[Adapter]:
    if format is not None:
        if format not in ADAPTERS:
            raise RefusedFile(f"'{format}' is not a format Tandem knows: {', '.join(ADAPTERS)}")
        return [ADAPTERS[format]]
    if table is not None:
        return [a for a in ADAPTERS.values() if table in a.tables]
    return list(ADAPTERS.values())
