"""What each filter dimension can offer in this data (docs/architecture.md, "Filters").

A dimension offers the values its fact rows hold, narrowed by the chosen values of the
dimensions that narrow options (a launch): the channel filter never offers a channel
the chosen launch never used. A value already chosen stays offered, so narrowing never
silently changes the view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from kpi.dimensions import LAUNCH, Dimension
from kpi.model import Model


def known_values(model: Model, dimension: Dimension) -> list[str]:
    """Every value of `dimension` in the data; launches by launch date."""
    return model.launch_ids() if dimension == LAUNCH else model.values_of(dimension.column)


def offered(
    model: Model, dimension: Dimension, chosen: Mapping[Dimension, Sequence[str]]
) -> list[str]:
    """The values to offer for `dimension` given what is `chosen` of every dimension."""
    within = {
        d.column: values
        for d, values in chosen.items()
        if d.narrows_options and d != dimension and values
    }
    known = known_values(model, dimension)
    # Another engine keeps the fact rows: it offers every value rather than narrow on
    # rows this process does not hold, which would offer nothing.
    if not within or model.engine is not None:
        return known
    found = set(values_within(model.facts, dimension.column, within)) | set(
        chosen.get(dimension, ())
    )
    return [value for value in known if value in found]


def values_within(
    facts: Mapping[str, pl.DataFrame], column: str, within: Mapping[str, Sequence[str]]
) -> list[str]:
    """Every value of `column` in the fact rows whose `within` columns hold the chosen values.

    A table lacking a narrowing column cannot say which of its rows belong, so it
    offers nothing.
    """
    parts = []
    for frame in facts.values():
        if column not in frame.columns or any(name not in frame.columns for name in within):
            continue
        rows = frame.lazy()
        for name, values in within.items():
            rows = rows.filter(pl.col(name).is_in(list(values)))
        parts.append(rows.select(pl.col(column).drop_nulls().unique()))
    if not parts:
        return []
    return sorted(set(pl.concat(pl.collect_all(parts))[column].to_list()))
