"""`tandem report` end to end beside a pandas peer and a DuckDB SQL peer, in one run.

    python -m benchmarks.report_peers [--size 1000000] [--runs 5]

The data: the demo set at `size` leads rewritten by pandas, as a user's pipeline writes
it (benchmarks/datasets.py: an all-empty column of Parquet's null type, int32 counts,
dates as datetimes). First the three must agree: Tandem's KPI table, the pandas peer
(benchmarks/pandas_peer.py) and the DuckDB peer (benchmarks/duckdb_peer.py) compute
the ten core KPIs and their comparison for four filter states from the same files,
and every value must be equal (counts exactly, others to 1e-9). Then each command runs
in a fresh process, interleaved, after one warm-up each (Tandem's first read writes its
snapshots); the figure is the median wall time of `runs` runs, start to exit.

The three run without PYTHONDONTWRITEBYTECODE, whatever this process's environment: a
user's Python caches the compiled bytecode of Tandem's modules (and of the peers' and
the libraries'), so the warm-up writes it and the timed runs load it, as on any
machine where that variable is not set. Each of the three gets the same environment.
"""

from __future__ import annotations

import argparse
import gc
import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import datasets, duckdb_peer, pandas_peer
from benchmarks.machine import describe, load_average
from benchmarks.ten import TEN, equal, filters, views
from connectors.demo import DEFAULT_SEED

ROOT = Path(__file__).resolve().parent.parent
FASTER_THAN_PANDAS = 3.0  # issue 13: at least 3x faster than the pandas peer
WITHIN_DUCKDB = 1.5  # and at most 1.5x the DuckDB peer's time


def check(sources: Path) -> list[str]:
    """Differences between Tandem, pandas and DuckDB on four views; empty when equal."""
    from contract.dataset import Dataset
    from kpi.catalog import BY_ID
    from kpi.model import prepare
    from kpi.table import kpi_table
    from tandem.sources import read_sources

    model = prepare(Dataset.from_frames(read_sources(sources).tables()))
    frames = pandas_peer.read_folder(sources.parent)
    db = duckdb_peer.connect(sources.parent)
    days = {"pandas": pandas_peer.last_day(frames), "duckdb": duckdb_peer.last_day(db)}
    problems = [f"last day: {n} {d}, Tandem {model.last_day}" for n, d in days.items()]
    problems = [p for p, d in zip(problems, days.values(), strict=True) if d != model.last_day]
    chosen = tuple(BY_ID[k] for k in TEN)
    for view in views(model):
        table = {r["kpi"]: r for r in kpi_table(model, filters(view), chosen).iter_rows(named=True)}
        peers = {
            "pandas": pandas_peer.ten_with_comparison(frames, view, days["pandas"]),
            "duckdb": duckdb_peer.ten_with_comparison(db, view, days["duckdb"]),
        }
        for name, peer in peers.items():
            for column in ("value", "comparison"):
                for kpi in TEN:
                    ours, theirs = table[kpi][column], peer[column][kpi]
                    if not equal(kpi, ours, theirs):
                        problems.append(
                            f"{view} {kpi} {column}: Tandem {ours!r}, {name} {theirs!r}"
                        )
    return problems


def commands(sources: Path) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "tandem report": [python, "-m", "tandem", "report", "--sources", str(sources)],
        "pandas peer": [python, "-m", "benchmarks.pandas_peer", "--sources", str(sources)],
        "duckdb peer": [python, "-m", "benchmarks.duckdb_peer", "--sources", str(sources)],
    }


def wall_time(command: list[str]) -> float:
    # Bytecode cached as on a user's machine (see the module's docstring).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.report_peers")
    parser.add_argument("--size", type=int, default=1_000_000, help="leads in the data set")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (≥ 5)")
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    print(f"command: python -m benchmarks.report_peers {shlex.join(sys.argv[1:])}".rstrip())
    print(*describe(), sep="\n")
    sources = datasets.ensure_pandas(args.size, DEFAULT_SEED)
    print(f"data: {sources.parent.name} (written by pandas); load average {load_average()}")
    problems = check(sources)
    gc.collect()
    print(
        f"results-equal check (ten KPIs, value and comparison, 4 views, 3 tools): "
        f"{'PASSED' if not problems else 'FAILED'}"
    )
    if problems:
        print(*problems[:20], sep="\n  ")
        raise SystemExit("the peers and Tandem differ: no timing")
    timed = commands(sources)
    for command in timed.values():
        wall_time(command)  # warm-up: snapshots, the OS's file cache
    times: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(runs):
        for name, command in timed.items():
            times[name].append(wall_time(command))
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"\n| end to end, fresh process, median of {runs} | seconds (min-max) |\n|---|---|")
    for name, t in times.items():
        print(
            f"| `{shlex.join(timed[name][1:])}` | {median[name]:.2f} ({min(t):.2f}-{max(t):.2f}) |"
        )
    pandas_ratio = median["pandas peer"] / median["tandem report"]
    duckdb_ratio = median["tandem report"] / median["duckdb peer"]
    print(
        f"\npandas ÷ Tandem: {pandas_ratio:.1f}x (target ≥ {FASTER_THAN_PANDAS:g}x: "
        f"{'met' if pandas_ratio >= FASTER_THAN_PANDAS else 'MISSED'})"
    )
    print(
        f"Tandem ÷ DuckDB: {duckdb_ratio:.2f}x (target ≤ {WITHIN_DUCKDB:g}x: "
        f"{'met' if duckdb_ratio <= WITHIN_DUCKDB else 'MISSED'})"
    )
    print(f"load average at the end (1, 5, 15 min): {load_average()}")


if __name__ == "__main__":
    main()
