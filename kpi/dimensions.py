"""The filter dimensions, declared once as data (docs/architecture.md, "Filters").

Each record says everything the rest of Tandem needs to know about one dimension a
view can be narrowed by: its URL parameter (also the command line's option and the CSV
comment's key), its `Filters` keyword, its sidebar label, the fact column it filters,
whether targets still apply when it is chosen, and whether choosing it limits the
other dimensions' options. `Filters`, the sidebar, the shared-link check, the CSV
comments, pacing and `tandem report` all derive from `registry()`: adding a dimension
is one more record in `DIMENSIONS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Dimension:
    key: str  # URL parameter, command-line option (--key), CSV comment key
    plural: str  # the `Filters` keyword, and the sidebar's "All …" placeholder
    label: str  # the sidebar's label
    column: str  # the fact tables' column it filters
    targets_apply: bool = False  # launch and brand targets still hold when this is chosen
    narrows_options: bool = False  # choosing it limits the other dimensions' options
    named_in: str | None = None  # the table whose `name` column names each value


LAUNCH = Dimension(
    key="launch",
    plural="launches",
    label="Launch",
    column="launch_id",
    targets_apply=True,
    narrows_options=True,
    named_in="launches",
)
DIMENSIONS: tuple[Dimension, ...] = (
    LAUNCH,
    Dimension(key="channel", plural="channels", label="Channel", column="channel"),
    Dimension(key="region", plural="regions", label="Region", column="region"),
    Dimension(key="segment", plural="segments", label="Segment", column="segment"),
)


def registry() -> tuple[Dimension, ...]:
    """The dimensions in use. Every consumer asks here when it runs, never at import, so
    a test can add a dimension to a copy of the registry and see it everywhere."""
    return DIMENSIONS


def either(words: Sequence[str], last: str = "or") -> str:
    """'a', 'a or b', 'a, b or c': a short list in a sentence."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def no_target_reason(dimensions: Iterable[Dimension]) -> str:
    """Why a view narrowed by a dimension targets do not follow has no target."""
    dimensions = tuple(dimensions)
    per = either([d.key for d in dimensions if d.targets_apply])
    not_per = either([d.key for d in dimensions if not d.targets_apply])
    return f"targets are set per {per}, not per {not_per}"
