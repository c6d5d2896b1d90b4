"""The KPI table on each engine, on the demo data at benchmark scale.

    python -m benchmarks.engines --sizes 1000000 10000000 --engines polars duckdb postgresql

Each (engine, size) runs in a process of its own, so its peak RSS is its own: it opens
the canonical folder of benchmarks/datasets.py (one folder of Parquet parts per table)
on the engine, then computes the full KPI table of the default 90-day view (with its
comparison) `--runs` times after one warm-up. polars reads the folder into memory;
DuckDB scans the files; PostgreSQL (the server named by --postgres or
TANDEM_TEST_POSTGRES_URL) gets the tables copied into a schema of its own first (counted
in its open time), dropped afterwards. Spark (`--engines spark`) runs on `local[2]`.
Prints one line per run and a Markdown table for the README.

    python -m benchmarks.engines --scaled --sizes 10000000 100000000 --engines duckdb spark \
        --duckdb-memory-limit 4GB

`--scaled` uses copies of the 1M set instead (benchmarks/scaled.py: 100M leads in
minutes rather than hours) and checks each table against the 1M set's: every count and
sum `copies` times, every rate and median the same.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from benchmarks import datasets, scaled
from benchmarks.machine import describe, load_average, peak_rss_bytes
from benchmarks.measure import default_filters, median_of
from connectors.demo import DEFAULT_SEED
from connectors.sources.canonical_folder import parquet_of, read_tables
from contract.schema import TABLES
from kpi.catalog import CATALOG
from kpi.engines.sql import FACTS
from kpi.evaluate import measure_values
from kpi.measures import Measure
from kpi.model import Model
from kpi.table import kpi_table
from tandem.sources import on_folder

ENGINES = ("polars", "duckdb", "postgresql", "spark")


def open_engine(
    engine: str, folder: Path, postgres: str | None, memory_limit: str | None = None
) -> tuple[Model, str | None]:
    """The model of `folder` on `engine`, and the PostgreSQL schema to drop after."""
    if engine == "duckdb" and memory_limit:
        from kpi.engines import duck

        planning = read_tables(folder, tuple(t for t in TABLES if t not in FACTS))
        facts = {table: parquet_of(folder, table) for table in FACTS}
        return duck.on_parquet(facts, planning, memory_limit=memory_limit), None
    if engine != "postgresql":
        return on_folder(engine, folder), None  # type: ignore[arg-type]
    from connectors.sources import warehouse
    from kpi.engines.postgres import on_run

    assert postgres, "PostgreSQL needs --postgres or TANDEM_TEST_POSTGRES_URL"
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    frames = read_tables(folder, datasets.TABLE_NAMES)
    warehouse.upload(postgres, schema, frames, password=None)
    del frames
    opened = warehouse.connect(
        postgres, {t: f"{schema}.{t}" for t in datasets.TABLE_NAMES}, password=None
    )
    return on_run(opened.run, opened.relations(), opened.read_planning()), schema


def one(
    engine: str, folder: Path, runs: int, postgres: str | None, memory_limit: str | None
) -> dict[str, Any]:
    started = time.perf_counter()
    model, schema = open_engine(engine, folder, postgres, memory_limit)
    opened = time.perf_counter() - started
    try:
        filters = default_filters(model)
        table = median_of(lambda: kpi_table(model, filters), runs)
        (values,) = measure_values(model, filters, [filters.period])
    finally:
        if schema is not None and postgres:
            with psycopg.connect(postgres, autocommit=True) as connection:
                connection.execute(f'DROP SCHEMA "{schema}" CASCADE'.encode())
    return {
        "engine": engine,
        "open_s": round(opened, 2),
        "kpi_table_s": round(table["median"], 3),
        "peak_rss_mib": round(peak_rss_bytes() / 2**20),
        "load": load_average(),
        "measures": values,
    }


def scaled_mismatches(
    measures: dict[str, float | None], base: dict[str, float | None], copies: int
) -> list[str]:
    """Where a scaled set's measures are not `copies` times the base set's (counts, sums,
    distinct counts) or equal to them (medians); empty when every one agrees."""
    aggregates = {m.name: m.aggregate for m in needed_measures()}
    wrong = []
    for name, value in base.items():
        scales = aggregates.get(name) in ("count", "sum", "n_unique")  # not currency bits
        factor = copies if scales else 1
        expected = None if value is None else value * factor
        found = measures.get(name)
        if (found is None) != (expected is None) or (
            found is not None
            and expected is not None
            and abs(found - expected) > 1e-9 * max(1.0, abs(expected))
        ):
            wrong.append(f"{name}: {found} != {expected}")
    return wrong


def needed_measures() -> list[Measure]:
    return [m for kpi in CATALOG for m in kpi.measures]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES[:3]))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("TANDEM_TEST_POSTGRES_URL"))
    parser.add_argument("--scaled", action="store_true", help="copies of the 1M set")
    parser.add_argument("--duckdb-memory-limit", help="DuckDB's memory_limit, e.g. 4GB")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        engine, folder = args.one
        result = one(engine, Path(folder), args.runs, args.postgres, args.duckdb_memory_limit)
        print(json.dumps(result))
        return
    print("\n".join(describe()))
    base = _base_measures(args.seed) if args.scaled else None
    rows = []
    for size in args.sizes:
        if args.scaled:
            folder = scaled.ensure(size // scaled.BASE_SIZE, seed=args.seed)
        else:
            folder = datasets.ensure(size, args.seed).parent
        for engine in args.engines:
            row = _in_own_process(engine, folder, args)
            if row is None:
                continue
            row["size"] = size
            if base is not None:
                wrong = scaled_mismatches(row["measures"], base, size // scaled.BASE_SIZE)
                row["check"] = "PASSED" if not wrong else "FAILED: " + "; ".join(wrong[:5])
            del row["measures"]
            rows.append(row)
            print(row, flush=True)
    print("\n| leads | engine | open (s) | KPI table (s, median) | peak RSS (MiB) | load avg |")
    print("| ---: | --- | ---: | ---: | ---: | --- |")
    for row in rows:
        print(
            f"| {row['size']:,} | {row['engine']} | {row['open_s']} | {row['kpi_table_s']} "
            f"| {row['peak_rss_mib']:,} | {row['load']} |"
        )


def _in_own_process(engine: str, folder: Path, args: argparse.Namespace) -> dict[str, Any] | None:
    command = [sys.executable, "-m", "benchmarks.engines", "--one", engine, str(folder)]
    command += ["--runs", str(args.runs)]
    if args.duckdb_memory_limit:
        command += ["--duckdb-memory-limit", args.duckdb_memory_limit]
    # The URL (with its password) goes by the environment, not the process list.
    env = {**os.environ, "TANDEM_TEST_POSTGRES_URL": args.postgres or ""}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        print(f"{engine} on {folder.name}: failed\n{done.stderr[-1500:]}")
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _base_measures(seed: int) -> dict[str, float | None]:
    """The 1M set's measures on polars: what the scaled sets are checked against."""
    model = on_folder("polars", datasets.ensure(scaled.BASE_SIZE, seed, log=False).parent)
    filters = default_filters(model)
    (values,) = measure_values(model, filters, [filters.period])
    return values


if __name__ == "__main__":
    main()
