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

from benchmarks import datasets
from benchmarks.machine import describe, load_average, peak_rss_bytes
from benchmarks.measure import default_filters, median_of
from connectors.demo import DEFAULT_SEED
from kpi.model import Model
from kpi.table import kpi_table
from tandem.sources import on_folder

ENGINES = ("polars", "duckdb", "postgresql", "spark")


def open_engine(engine: str, folder: Path, postgres: str | None) -> tuple[Model, str | None]:
    """The model of `folder` on `engine`, and the PostgreSQL schema to drop after."""
    if engine != "postgresql":
        return on_folder(engine, folder), None  # type: ignore[arg-type]
    from connectors.sources import warehouse
    from connectors.sources.canonical_folder import read_tables
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


def one(engine: str, size: int, seed: int, runs: int, postgres: str | None) -> dict[str, Any]:
    folder = datasets.ensure(size, seed, log=False).parent
    started = time.perf_counter()
    model, schema = open_engine(engine, folder, postgres)
    opened = time.perf_counter() - started
    try:
        filters = default_filters(model)
        table = median_of(lambda: kpi_table(model, filters), runs)
    finally:
        if schema is not None and postgres:
            with psycopg.connect(postgres, autocommit=True) as connection:
                connection.execute(f'DROP SCHEMA "{schema}" CASCADE'.encode())
    return {
        "engine": engine,
        "size": size,
        "open_s": round(opened, 2),
        "kpi_table_s": round(table["median"], 3),
        "peak_rss_mib": round(peak_rss_bytes() / 2**20),
        "load": load_average(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES[:3]))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("TANDEM_TEST_POSTGRES_URL"))
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        result = one(args.one[0], int(args.one[1]), args.seed, args.runs, args.postgres)
        print(json.dumps(result))
        return
    print("\n".join(describe()))
    rows = []
    for size in args.sizes:
        datasets.ensure(size, args.seed)
        for engine in args.engines:
            command = [sys.executable, "-m", "benchmarks.engines", "--one", engine, str(size)]
            command += ["--seed", str(args.seed), "--runs", str(args.runs)]
            # The URL (with its password) goes by the environment, not the process list.
            env = {**os.environ, "TANDEM_TEST_POSTGRES_URL": args.postgres or ""}
            done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
            if done.returncode != 0:
                print(f"{engine} at {size:,}: failed\n{done.stderr[-1500:]}")
                continue
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(rows[-1], flush=True)
    print("\n| leads | engine | open (s) | KPI table (s, median) | peak RSS (MiB) | load avg |")
    print("| ---: | --- | ---: | ---: | ---: | --- |")
    for row in rows:
        print(
            f"| {row['size']:,} | {row['engine']} | {row['open_s']} | {row['kpi_table_s']} "
            f"| {row['peak_rss_mib']:,} | {row['load']} |"
        )


if __name__ == "__main__":
    main()
