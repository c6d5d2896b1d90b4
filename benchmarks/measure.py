"""One size's figures, measured in a process of its own so its peak memory is honest.

    python -m benchmarks.measure --size 1000000 --runs 5 [--part compute|rerun]

`compute` loads the Parquet sources as the app does (connectors.read_source for each
source, combine, prepare, content digest), then times every KPI view and the pandas
peer; `rerun` runs the real app through AppTest on the same sources and times one
Overview rerun after a filter change. Each prints one JSON line for benchmarks/suite.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks import datasets, pandas_peer
from benchmarks.machine import load_average, peak_rss_bytes
from connectors.demo import DEFAULT_SEED
from kpi.filters import Filters
from kpi.model import Model

OVERVIEW_TREND = ("mqls", "won_revenue")  # the Overview's default trend pair


def median_of(run: Callable[[], object], runs: int, warmups: int = 1) -> dict[str, float]:
    """Median, min and max seconds of `runs` timed calls after `warmups` untimed ones."""
    for _ in range(warmups):
        run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {"median": statistics.median(times), "min": min(times), "max": max(times)}


def default_filters(model: Model) -> Filters:
    """The app's first view: the last 90 days of data, compared with the 90 before."""
    return Filters(start=model.last_day - timedelta(days=89), end=model.last_day)


def app_reads(sources_toml: Path) -> list[Any]:
    """What ui/data.py does per source: connectors.read_source (parse, validate, snapshot)."""
    import connectors

    config = connectors.load_config(sources_toml)
    assert config is not None, sources_toml
    reads = [
        connectors.read_source(source, credentials=None, snapshot_dir=config.snapshot_dir)
        for source in config.sources
    ]
    failed = [f"{r.name}: {r.health.error}" for r in reads if r.health.error]
    if failed:
        raise SystemExit(f"a benchmark source failed to load: {failed}")
    return reads


def direct_reads(size: int) -> list[Any]:
    """The same files read straight into typed frames, as one read: no per-cell parse."""
    from connectors import DataHealth, SourceRead

    frames = {table: datasets.read_table(size, table) for table in datasets.TABLE_NAMES}
    return [SourceRead("parquet", "folder", frames, DataHealth("parquet"))]


def model_of(reads: list[Any]) -> tuple[Model, str]:
    """What ui/data.py does with the reads: combine, prepare, content digest."""
    import connectors
    from contract.dataset import Dataset
    from kpi.model import prepare
    from ui.data import content_version

    frames = connectors.combine(reads)
    return prepare(Dataset.from_frames(frames)), content_version(frames)


def load_app(size: int, seed: int, runs: int) -> dict[str, Any]:
    """The app's load of the Parquet sources: connectors.read_source → combine → prepare."""
    sources = datasets.ensure(size, seed, log=False)
    holder: list[tuple[Model, str]] = []
    split: dict[str, list[float]] = {"read": [], "model": []}

    def load() -> None:
        holder.clear()
        gc.collect()
        started = time.perf_counter()
        reads = app_reads(sources)
        read = time.perf_counter()
        holder.append(model_of(reads))
        split["read"].append(read - started)
        split["model"].append(time.perf_counter() - read)

    figure = median_of(load, runs)
    return {
        "load_app": figure,
        "load_app_read": statistics.median(split["read"][1:]),
        "load_app_model": statistics.median(split["model"][1:]),
        "rss_load_app": peak_rss_bytes(),
    }


def compute(size: int, seed: int, runs: int) -> dict[str, Any]:
    from kpi import funnel, handoff, launch_relative, series
    from kpi.table import kpi_table

    datasets.ensure(size, seed, log=False)
    figures: dict[str, Any] = {}
    holder: list[tuple[Model, str]] = []

    def load() -> None:
        holder.clear()
        gc.collect()
        holder.append(model_of(direct_reads(size)))

    figures["load"] = median_of(load, runs)
    figures["rss_after_load"] = peak_rss_bytes()
    model = holder[0][0]
    filters = default_filters(model)
    figures["rows"] = {name: frame.height for name, frame in model.facts.items()}
    figures["filters"] = f"{filters.start}..{filters.end}, compare previous, all launches"
    figures["kpi_table"] = median_of(lambda: kpi_table(model, filters), runs)
    figures["series"] = median_of(lambda: series.time_series(model, filters, OVERVIEW_TREND), runs)
    figures["funnel"] = median_of(
        lambda: (funnel.funnel(model, filters, "launch"), funnel.rejection_reasons(model, filters)),
        runs,
    )
    figures["handoff"] = median_of(
        lambda: (
            handoff.speed_to_lead(model, filters),
            handoff.sla_by(model, filters, "owner"),
            handoff.sla_by(model, filters, "region"),
            handoff.unworked_mqls(model, filters),
        ),
        runs,
    )
    figures["launch_relative"] = median_of(
        lambda: launch_relative.launch_relative(model, filters, "mqls"), runs
    )
    figures["rss_tandem"] = peak_rss_bytes()
    figures["peer"] = pandas_peer.compare(size, model, runs)
    figures["rss"] = peak_rss_bytes()
    return figures


def rerun(size: int, seed: int, runs: int) -> dict[str, Any]:
    """One Overview rerun after a filter change, through AppTest on the size's sources."""
    from streamlit.testing.v1 import AppTest

    sources = datasets.ensure(size, seed, log=False)
    os.environ["TANDEM_SOURCES"] = str(sources)
    app_file = str(Path(__file__).resolve().parent.parent / "app.py")
    app = AppTest.from_file(app_file, default_timeout=600)
    started = time.perf_counter()
    app.run()  # first run: reads the sources and fills the caches
    first = time.perf_counter() - started
    _check(app)
    launches = list(app.multiselect(key="launch").options)
    regions = list(app.multiselect(key="region").options)
    # A distinct filter state per run, so every timed rerun misses the KPI caches.
    states = [([launch], []) for launch in launches] + [([], [region]) for region in regions]
    if len(states) < runs + 1:
        raise SystemExit(f"only {len(states)} distinct filter states for {runs} runs")
    times = []
    for launch, region in states[: runs + 1]:
        app.multiselect(key="launch").set_value(launch)
        app.multiselect(key="region").set_value(region)
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
        _check(app)
    timed = times[1:]  # the first change warms what a filter change touches
    return {
        "first_run": first,
        "rerun": {"median": statistics.median(timed), "min": min(timed), "max": max(timed)},
        "rerun_states": [f"launch={s[0]} region={s[1]}" for s in states[1 : runs + 1]],
        "rss_app": peak_rss_bytes(),
    }


def _check(app: Any) -> None:
    if app.exception:
        raise SystemExit(f"the app raised: {[e.value for e in app.exception]}")
    if not app.metric:
        raise SystemExit("the Overview showed no KPI tiles")


PARTS = {"compute": compute, "load-app": load_app, "rerun": rerun}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--part", choices=tuple(PARTS), default="compute")
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    result = PARTS[args.part](args.size, args.seed, runs)
    result["load_average"] = load_average()
    sys.stdout.flush()
    print("RESULT " + json.dumps(result, default=str))


if __name__ == "__main__":
    main()
