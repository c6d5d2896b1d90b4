"""Engines: where the catalog's measures are computed (docs/architecture.md, "Engines").

`polars` (the default) prepares the tables in this process; `duckdb` and `spark` keep
the fact tables in their own engine and return only aggregates. The names are
declared here once: sources.toml's `[settings] engine` and `report --engine` offer
these. Each engine is imported when first used (Spark starts a JVM).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal, get_args

import polars as pl
from contract.dataset import Dataset
from contract.schema import TABLES

from kpi.engines.folder import read_tables
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


def on_folder(engine: EngineName, folder: Path) -> Model:
    """The model of a canonical Parquet folder; only polars loads the fact tables."""
    if engine == "duckdb":
        from kpi.engines import duck

        return duck.on_parquet(folder)
    if engine == "spark":
        from kpi.engines import spark

        return spark.on_parquet(folder)
    return prepare(Dataset.from_frames(read_tables(folder, tuple(TABLES))))
