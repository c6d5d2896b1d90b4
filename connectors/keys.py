"""Keeping the first row of each key: a table's rows are unique on its key (contract/schema.py)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def key_expr(key: Sequence[str]) -> pl.Expr:
    return pl.col(key[0]) if len(key) == 1 else pl.struct(list(key))


def first_per_key(frame: pl.DataFrame, key: Sequence[str]) -> pl.DataFrame:
    """The rows whose key no earlier row has, in order.

    Counting distinct keys is several times cheaper than an order-keeping `unique`, and
    most tables have no repeats, so the count decides whether the `unique` is needed.
    """
    if frame.select(key_expr(key).n_unique()).item() == frame.height:
        return frame
    return frame.unique(subset=list(key), keep="first", maintain_order=True)
