"""The engines under test, each holding the same canonical tables.

polars over the prepared frames is the reference. DuckDB runs on the frames and on a
canonical Parquet folder; PostgreSQL on a real server (TANDEM_TEST_POSTGRES_URL, as the
notes tests: skipped without it, failed under CI=true); Spark on `local[2]`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from contract.dataset import Dataset
from kpi.engines import duck
from kpi.model import Model, prepare

Build = Callable[[dict[str, pl.DataFrame], Path], Model]


def on_polars(frames: dict[str, pl.DataFrame], _: Path) -> Model:
    return prepare(Dataset.from_frames(frames))


def on_duckdb_frames(frames: dict[str, pl.DataFrame], _: Path) -> Model:
    return duck.on_frames(frames)


def on_duckdb_parquet(frames: dict[str, pl.DataFrame], folder: Path) -> Model:
    write_folder(frames, folder)
    return duck.on_parquet(folder)


def write_folder(frames: dict[str, pl.DataFrame], folder: Path) -> None:
    """A canonical folder: one Parquet file per table (leads in parts, as a lake has them)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        if name == "leads":
            (folder / name).mkdir(exist_ok=True)
            half = frame.height // 2
            frame[:half].write_parquet(folder / name / "part-0.parquet")
            frame[half:].write_parquet(folder / name / "part-1.parquet")
        else:
            frame.write_parquet(folder / f"{name}.parquet")


ENGINES: dict[str, Build] = {
    "duckdb": on_duckdb_frames,
    "duckdb-parquet": on_duckdb_parquet,
}


@pytest.fixture(params=list(ENGINES))
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)
