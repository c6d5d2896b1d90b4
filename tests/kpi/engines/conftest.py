"""The engines under test, each holding the same canonical tables.

polars over the prepared frames is the reference. DuckDB runs on the frames and on a
canonical Parquet folder; PostgreSQL on a real server (TANDEM_TEST_POSTGRES_URL, as the
notes tests: skipped without it, failed under CI=true), in a schema of its own per
test; Spark on `local[2]`; BigQuery and Snowflake as their SQL read by sqlglot and run on
DuckDB (tests/kpi/engines/transpiled.py: valid in each dialect, not a real server).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import psycopg
import pytest

from connectors.sources import warehouse
from contract.dataset import Dataset
from kpi.engines import on_frames
from kpi.engines.postgres import on_run
from kpi.model import Model, prepare
from tandem.sources import on_folder
from tests.kpi.engines.transpiled import Transpiled
from tests.notes.conftest import postgres_base_url

Build = Callable[[dict[str, pl.DataFrame]], Model]
ENGINES = ("duckdb", "duckdb-parquet", "postgresql", "spark", "bigquery", "snowflake")


def on_polars(frames: dict[str, pl.DataFrame]) -> Model:
    return prepare(Dataset.from_frames(frames))


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


@pytest.fixture
def postgres_schema() -> Iterator[tuple[str, str]]:
    """The test server's URL and a fresh schema there, dropped afterwards."""
    url = postgres_base_url()
    schema = f"engines_{uuid.uuid4().hex[:12]}"
    try:
        yield url, schema
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'.encode())


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def build(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Build]:
    """How to put canonical frames into the engine under test and get its model."""
    opened: list[warehouse.Warehouse] = []

    def on_postgres(frames: dict[str, pl.DataFrame]) -> Model:
        url, schema = request.getfixturevalue("postgres_schema")
        warehouse.upload(url, schema, frames, password=None)  # analyzed, as a warehouse is
        tables = {name: f"{schema}.{name}" for name in frames}
        opened.append(warehouse.connect(url, tables, password=None))
        return on_run(opened[-1].run, opened[-1].relations(), opened[-1].read_planning())

    def on_parquet(frames: dict[str, pl.DataFrame]) -> Model:
        write_folder(frames, tmp_path / "canonical")
        return on_folder("duckdb", tmp_path / "canonical")

    builders: dict[str, Build] = {
        "duckdb": lambda frames: on_frames("duckdb", frames),
        "duckdb-parquet": on_parquet,
        "postgresql": on_postgres,
        "spark": lambda frames: on_frames("spark", frames),
        "bigquery": lambda frames: Transpiled("bigquery").load(frames),
        "snowflake": lambda frames: Transpiled("snowflake").load(frames),
    }
    yield builders[engine_name]
    for connection in opened:
        connection.close()
