"""How long the full KPI table takes for one filter state, on the demo data at scale.

    python -m benchmarks.kpi_table --leads 1000000

Generates the demo data set at that size, combines it and prepares the Model once (as the app does
per data load), warms up, then prints the median of several timed runs of
`kpi_table`, with the machine it ran on. Preparation is timed separately: it runs
once per data load, not per filter change.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta

import polars as pl

from connectors import DataHealth, SourceRead, combine
from connectors.demo import DEFAULT_SEED, generate
from contract.dataset import Dataset
from kpi.filters import Filters
from kpi.model import Model, prepare
from kpi.table import kpi_table


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def default_filters(model: Model) -> Filters:
    """The app's default view: the last 90 days of data, compared with the 90 before."""
    return Filters(start=model.last_day - timedelta(days=89), end=model.last_day)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.kpi_table")
    parser.add_argument("--leads", type=int, default=1_000_000, help="demo size in leads")
    parser.add_argument("--runs", type=int, default=7, help="timed runs (at least 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)

    started = time.perf_counter()
    # Combined as the app combines every source: the demo's EUR, GBP and USD amounts
    # converted to one reporting currency (a KPI table never adds two currencies).
    raw = generate(seed=args.seed, n_leads=args.leads)
    frames = combine([SourceRead("demo", "demo", raw, DataHealth("demo"))])
    generated = time.perf_counter() - started
    prepare_seconds = timed(lambda: prepare(Dataset.from_frames(frames)))
    model = prepare(Dataset.from_frames(frames))
    filters = default_filters(model)
    for _ in range(2):  # warm-up: thread pools, lazy imports, allocator
        kpi_table(model, filters)
    times = [timed(lambda: kpi_table(model, filters)) for _ in range(runs)]

    rows = {name: frame.height for name, frame in frames.items() if name in model.facts}
    print(f"command: python -m benchmarks.kpi_table {shlex.join(sys.argv[1:] or [])}".rstrip())
    print(f"machine: nproc={os.cpu_count()}, cpu={cpu_model()}")
    print(f"python {platform.python_version()}, polars {pl.__version__}")
    # Other work on the machine slows the runs; the load average says how busy it was.
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"data: {', '.join(f'{name}={count:,}' for name, count in rows.items())}")
    print(f"filters: {filters.start}..{filters.end}, compare={filters.compare}, all launches")
    print(f"generate: {generated:.2f} s, prepare: {prepare_seconds:.2f} s (once per data load)")
    print(
        f"kpi_table: median {statistics.median(times) * 1000:.0f} ms over {runs} runs "
        f"(min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
