"""Why a file is refused whole, in words that say what to do next.

In order: a pivot table; an export Tandem recognises but does not read
(lookalikes.toml: HubSpot companies, Shopify Analytics, Pinterest); a sheet laid out
for reading (a dashboard) rather than rows; otherwise the nearest format, the columns
it lacks, and the vendor's one-sentence way to add them.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from connectors.formats.adapters import Adapter
from connectors.formats.adapters.base import present
from connectors.grid.cells import Grid, normalise

HEADER_SEARCH = 15
_PIVOT_MARKERS = ("grand total", "count of ", "sum of ", "average of ", "counta of ")
_TABLE_WIDTH = 3  # rows narrower than this, under a lone title, are a layout for reading


def refusal(grid: Grid, candidates: list[Adapter], formats: str) -> str:
    rows = [grid.rows[i] for i in grid.non_blank()[:HEADER_SEARCH]]
    cells = [c.strip().lower() for row in grid.rows[:200] for c in row]
    if any(c.startswith(_PIVOT_MARKERS) for c in cells):
        return (
            f"{grid.file} looks like a pivot table (summary blocks, 'Grand Total'), not rows of "
            f"data; export the underlying rows instead. Tandem understands: {formats}"
        )
    headers = [{normalise(c) for c in row if c.strip()} for row in rows]
    lookalike = next((m for names, m in _lookalikes() if any(names <= h for h in headers)), None)
    if lookalike and len(candidates) > 1:
        return f"{grid.file} {lookalike}"
    widths = [len(h) for h in headers]
    if widths and max(widths) < _TABLE_WIDTH and 1 in widths and len(candidates) > 1:
        return (
            f"{grid.file} looks like a report or dashboard laid out for reading (titles and "
            "single figures), not a table with one header row and a row per record; export "
            "the rows behind it"
        )
    if len(candidates) == 1:  # a format or table forced in sources.toml
        adapter = candidates[0]
        missing = " and ".join(_missing(adapter, headers[0] if headers else set()))
        return f"{grid.file}: the header row lacks {missing} for {adapter.label}. {adapter.fix}"
    near = _nearest(headers, candidates)
    if near is None:
        return f"{grid.file}: no header row matches a format Tandem understands: {formats}"
    adapter, header = near
    missing = " and ".join(_missing(adapter, header))
    return (
        f"{grid.file}: no format matches; nearest is the {adapter.label}, which also needs "
        f"{missing}. {adapter.fix}"
    ).strip()


def _missing(adapter: Adapter, header: set[str]) -> list[str]:
    """What the header lacks for `adapter`, each as the vendor writes it."""
    missing = [_shown(h) for h in adapter.required if not present(h, header)]
    if adapter.any_of and not any(present(h, header) for h in adapter.any_of):
        missing.append(adapter.any_of_label or f"one of {', '.join(map(_shown, adapter.any_of))}")
    return missing


def _shown(wanted: str) -> str:
    first = wanted.split("|")[0]
    return f"'{first[:-1]}…'" if first.endswith("*") else f"'{first}'"


def _nearest(headers: list[set[str]], candidates: list[Adapter]) -> tuple[Adapter, set[str]] | None:
    """The adapter whose requirements the best header row meets most (ties: specific)."""
    best: tuple[tuple[float, int, int], Adapter, set[str]] | None = None
    for header in headers:
        for adapter in candidates:
            conditions = list(adapter.required) + ([""] if adapter.any_of else [])
            met = sum(present(h, header) for h in adapter.required)
            met += bool(adapter.any_of) and any(present(h, header) for h in adapter.any_of)
            rank = (met / max(len(conditions), 1), met, 0 if adapter.known else 1)
            if met and (best is None or rank > best[0]):
                best = (rank, adapter, header)
    return None if best is None else (best[1], best[2])


@functools.cache
def _lookalikes() -> tuple[tuple[frozenset[str], str], ...]:
    document = tomllib.loads(Path(__file__).with_name("lookalikes.toml").read_text("utf-8"))
    return tuple(
        (frozenset(normalise(h) for h in entry["headers"]), entry["message"])
        for entry in document["lookalike"]
    )
