"""A Dataset: the canonical tables together, as the KPI engine reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import polars as pl

from contract.schema import TABLES


@dataclass(frozen=True)
class Dataset:
    launches: pl.DataFrame
    spend: pl.DataFrame
    leads: pl.DataFrame
    deals: pl.DataFrame
    orders: pl.DataFrame
    targets: pl.DataFrame
    events: pl.DataFrame
    launch_rules: pl.DataFrame
    channel_rules: pl.DataFrame
    fx_rates: pl.DataFrame

    @classmethod
    def from_frames(cls, frames: Mapping[str, pl.DataFrame]) -> Dataset:
        """Build from any subset of tables; missing tables are empty, columns ordered."""
        unknown = set(frames) - set(TABLES)
        if unknown:
            raise ValueError(f"not canonical tables: {', '.join(sorted(unknown))}")
        return cls(
            **{
                name: spec.conform(frames[name]) if name in frames else spec.empty()
                for name, spec in TABLES.items()
            }
        )

    def frames(self) -> dict[str, pl.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
