"""What every format adapter is: a name, the headers that identify it, and a reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from connectors.grid.cells import RawTable, normalise
from connectors.health import DataHealth

Frames = dict[str, pl.DataFrame]


@dataclass(frozen=True)
class Context:
    """What an adapter may need beyond its rows: the lines above the header (report titles)."""

    preamble: list[list[str]]


Reader = Callable[[RawTable, Context, DataHealth], Frames]

# Specific formats outrank the canonical columns, which any export could partly resemble.
SPECIFIC = 1000


@dataclass(frozen=True)
class Adapter:
    name: str
    label: str  # plain words, listed when a file is refused
    tables: tuple[str, ...]
    # Headers that must all be present. "a|b": either name; "x*": any header starting x.
    required: tuple[str, ...]
    read: Reader
    any_of: tuple[str, ...] = field(default=())  # at least one of these, when given
    known: tuple[str, ...] = field(default=())  # set for canonical tables: score by overlap
    # One sentence: how to get the missing columns out of the vendor's tool.
    fix: str = ""
    any_of_label: str = ""  # what the any_of headers are, in a refusal's words

    def score(self, header: set[str]) -> int:
        if not all(present(h, header) for h in self.required):
            return 0
        if self.any_of and not any(present(h, header) for h in self.any_of):
            return 0
        if self.known:
            return sum(normalise(k) in header for k in self.known)
        return SPECIFIC + len(self.required)


def present(wanted: str, header: set[str]) -> bool:
    for alternative in wanted.split("|"):
        name = normalise(alternative)
        if name.endswith("*"):
            if any(h.startswith(name[:-1]) for h in header):
                return True
        elif name in header:
            return True
    return False
