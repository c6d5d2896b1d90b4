"""Keeping the first row of each key: a table's rows are unique on its key (contract/schema.py)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from contract.schema import all_unique, key_expr

__all__ = ["all_unique", "first_per_key", "key_expr"]


def first_per_key(frame: pl.DataFrame, key: Sequence[str]) -> pl.DataFrame:
    """The rows whose key no earlier row has, in order.

    Checking that the keys are distinct is several times cheaper than an order-keeping
    `unique`, and most tables have no repeats, so the check decides whether it is needed.
    """
    if all_unique(frame, key):
        return frame
    return frame.unique(subset=list(key), keep="first", maintain_order=True)
