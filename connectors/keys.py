"""Keeping the first row of each key: a table's rows are unique on its key (contract/schema.py)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def key_expr(key: Sequence[str]) -> pl.Expr:
    return pl.col(key[0]) if len(key) == 1 else pl.struct(list(key))


def all_unique(frame: pl.DataFrame, key: Sequence[str]) -> bool:
    """Whether no two rows of `frame` share a key.

    Distinct 64-bit hashes of the keys prove it: counting them is several times cheaper
    than counting distinct strings. Two keys with one hash (rare) are settled exactly.
    """
    hashes = frame.select(key_expr(key).hash(seed=0).n_unique()).item()
    if hashes == frame.height:
        return True
    return bool(frame.select(key_expr(key).n_unique()).item() == frame.height)


def first_per_key(frame: pl.DataFrame, key: Sequence[str]) -> pl.DataFrame:
    """The rows whose key no earlier row has, in order.

    Checking that the keys are distinct is several times cheaper than an order-keeping
    `unique`, and most tables have no repeats, so the check decides whether it is needed.
    """
    if all_unique(frame, key):
        return frame
    return frame.unique(subset=list(key), keep="first", maintain_order=True)
