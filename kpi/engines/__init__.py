"""Engines: where the catalog's measures are computed (docs/architecture.md, "Engines").

`polars` (the default) prepares the tables in this process; `duckdb` and `spark` keep
the fact tables in their own engine and return only aggregates. The names are
declared here once: sources.toml's `[settings] engine` and `report --engine` offer
these. Each engine is imported when first used (Spark starts a JVM).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

import polars as pl
from contract.dataset import Dataset

from kpi.model import Model, prepare

EngineName = Literal["polars", "duckdb", "spark"]
ENGINES: tuple[EngineName, ...] = get_args(EngineName)


def on_frames(engine: EngineName, frames: Mapping[str, pl.DataFrame]) -> Model:
    """The model of canonical tables in memory, its measures computed by `engine`."""
    if engine == "duckdb":
        from kpi.engines import duck

        return duck.on_frames(frames)
    if engine == "spark":
        from kpi.engines import spark

        return spark.on_frames(frames)
    return prepare(Dataset.from_frames(frames))


def on_parquet(
    engine: Literal["duckdb", "spark"],
    facts: Mapping[str, str | None],
    planning: Mapping[str, pl.DataFrame],
) -> Model:
    """The model of fact tables left in Parquet files (a path or a glob per table, None:
    no rows), scanned by `engine`; the small planning tables come read."""
    if engine == "duckdb":
        from kpi.engines import duck

        return duck.on_parquet(facts, planning)
    from kpi.engines import spark

    return spark.on_parquet(facts, planning)
