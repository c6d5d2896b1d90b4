"""Data sets past what the demo generator writes in reasonable time: copies of a smaller one.

    python -m benchmarks.scaled --copies 100          # 100M leads from the 1M set

Generating 10M leads takes minutes; 100M would take hours. Here DuckDB writes `copies`
copies of a generated set (benchmarks/datasets.py), every id suffixed with its copy
number, so leads, deals, orders and customers stay distinct and each customer's first
order is still one of its own copy. Dates, launches and campaigns are the same in every
copy, so a KPI table over the copies has every count, sum and distinct count exactly
`copies` times the base set's, and every rate, median and pacing unchanged: the check
`python -m benchmarks.engines --scaled` prints beside its timings. Spend rows repeat
per copy (the same campaign-day `copies` times): an engine that scans the folder sums
them, as it sums any spend folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import duckdb

from benchmarks import datasets
from connectors.demo import DEFAULT_SEED
from contract.schema import TABLES

BASE_SIZE = 1_000_000
FACT_TABLES = ("spend", "leads", "deals", "orders")
# The id columns a copy suffixes, per fact table: every key and every reference.
IDS = {
    "leads": ("lead_id",),
    "deals": ("deal_id", "lead_id"),
    "orders": ("order_id", "customer_id"),
    "spend": (),
}
FILE_SIZE = "256MB"  # Parquet parts of about this size per table


def folder(copies: int, base: int = BASE_SIZE) -> Path:
    return datasets.DATA_DIR / f"{base * copies}-scaled"


def ensure(copies: int, *, base: int = BASE_SIZE, seed: int = DEFAULT_SEED) -> Path:
    """The folder of `copies` copies of the `base`-lead set, writing it if needed."""
    source = datasets.ensure(base, seed, log=False).parent
    target = folder(copies, base)
    wanted = datasets.fingerprint(base, seed) | {"copies": copies}
    manifest = target / datasets.MANIFEST
    if manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")) == wanted:
        return target
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    staging.mkdir(parents=True)
    started = time.perf_counter()
    connection = duckdb.connect(":memory:")
    connection.execute("SET preserve_insertion_order = false")
    for table in TABLES:
        parts = f"{source / table}/*.parquet"
        if table in FACT_TABLES:
            _copy_fact(connection, table, parts, staging / table, copies)
        else:  # planning tables: one copy, as written
            shutil.copytree(source / table, staging / table)
    (staging / datasets.MANIFEST).write_text(json.dumps(wanted, indent=2), encoding="utf-8")
    staging.rename(target)
    print(f"  wrote {base * copies:,} leads in {time.perf_counter() - started:.1f} s")
    return target


def _copy_fact(
    connection: duckdb.DuckDBPyConnection, table: str, parts: str, out: Path, copies: int
) -> None:
    columns = ", ".join(
        f'"{c}" || \'-\' || copy AS "{c}"' if c in IDS[table] else f'"{c}"'
        for c in TABLES[table].columns
    )
    connection.execute(
        f"COPY (SELECT {columns} FROM read_parquet('{parts}'), range({copies}) AS r(copy)) "
        f"TO '{out}' (FORMAT parquet, FILE_SIZE_BYTES '{FILE_SIZE}')"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaled", description=__doc__)
    parser.add_argument("--copies", type=int, required=True)
    parser.add_argument("--base", type=int, default=BASE_SIZE)
    args = parser.parse_args(argv)
    print(ensure(args.copies, base=args.base))


if __name__ == "__main__":
    main()
