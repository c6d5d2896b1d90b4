"""The benchmark suite: one table per size, each size measured in fresh processes.

    python -m benchmarks [--sizes 10000,100000,1000000] [--runs 5]

For each size the demo data set is written once as Parquet sources (benchmarks/data),
then a child process loads and computes (its peak RSS is the "compute" peak) and
another runs the app through AppTest for the Overview rerun (its peak is the app's).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import datasets
from benchmarks.machine import describe, load_average
from connectors.demo import DEFAULT_SEED

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
# Issue 6's targets: seconds, or bytes for memory; sizes without a target show none.
TARGETS: dict[int, dict[str, float]] = {
    1_000_000: {"load": 1.5, "kpi_table": 0.3, "rerun": 1.0, "rss": 1.5 * 2**30},
    10_000_000: {"kpi_table": 3.0, "rss": 8 * 2**30},
}
LABELS = {
    "load_app": "snapshot load as the app does (read_source → combine → prepare)",
    "load": "same files read typed (read_parquet → combine → prepare)",
    "kpi_table": "full KPI table (comparison, targets)",
    "series": "time series (Overview trend, 2 KPIs)",
    "funnel": "funnel (by launch) + rejection reasons",
    "handoff": "hand-off view (speed, SLA by rep/region, unworked)",
    "launch_relative": "launch-relative series (MQLs, -30..90)",
    "rerun": "Overview rerun after a filter change (AppTest)",
}


def child(size: int, runs: int, seed: int, part: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.measure", f"--size={size}", f"--runs={runs}"]
    command += [f"--seed={seed}", f"--part={part}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"benchmarks.measure --size={size} --part={part} failed")
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    return result


def gib(size: float) -> str:
    return f"{size / 2**30:.2f} GiB"


def seconds(figure: dict[str, float]) -> str:
    median, low, high = figure["median"], figure["min"], figure["max"]
    if median < 1:
        return f"{median * 1000:,.0f} ms ({low * 1000:,.0f}-{high * 1000:,.0f})"
    return f"{median:,.2f} s ({low:,.2f}-{high:,.2f})"


def verdict(size: int, key: str, value: float) -> str:
    target = TARGETS.get(size, {}).get(key)
    if target is None:
        return ""
    limit = gib(target) if key == "rss" else f"{target:g} s"
    return f"< {limit}: {'met' if value < target else 'MISSED'}"


def table(
    size: int,
    compute: dict[str, Any],
    app: dict[str, Any] | None,
    rerun: dict[str, Any] | None,
    runs: int,
) -> list[str]:
    rows = ", ".join(f"{name}={count:,}" for name, count in compute["rows"].items())
    lines = [
        f"## {size:,} leads ({rows})",
        f"view: {compute['filters']}; median of {runs} runs after a warm-up (min-max)",
        "",
        "| figure | median (min-max) | target |",
        "|---|---|---|",
    ]
    figures = {k: compute[k] for k in LABELS if k in compute}
    if app and rerun:
        figures |= {"load_app": app["load_app"], "rerun": rerun["rerun"]}
    for key, label in LABELS.items():
        if key not in figures:
            lines.append(f"| {label} | not measured (see below) | |")
            continue
        figure = figures[key]
        cell = verdict(size, "load" if key == "load_app" else key, figure["median"])
        lines.append(f"| {label} | {seconds(figure)} | {cell} |")
        if key == "load_app" and app:
            lines += [
                f"| - of which read_source, 8 sources | {app['load_app_read']:,.2f} s | |",
                f"| - of which combine + prepare + digest | {app['load_app_model']:,.2f} s | |",
            ]
    # The target is the app's memory: one load and its views in one process. The
    # benchmark process loads six times over (allocator high-water marks add up), so
    # it is the verdict only where the app itself was not measured.
    peak = compute["rss_tandem"]
    app_peak = rerun["rss_app"] if rerun else None
    lines += [
        f"| peak RSS: benchmark process, 6 typed loads + all views | {gib(peak)} | "
        f"{'' if app_peak else verdict(size, 'rss', peak)} |",
        f"| - the same process after the pandas peer too | {gib(compute['rss'])} | |",
    ]
    if app and rerun:
        lines += [
            f"| peak RSS: app process (AppTest: load + {runs + 2} Overview runs) | "
            f"{gib(rerun['rss_app'])} | {verdict(size, 'rss', rerun['rss_app'])} |",
            f"| peak RSS: process of the 6 app-path loads | {gib(app['rss_load_app'])} | |",
            f"| app's first run (reads sources, fills caches) | {rerun['first_run']:.2f} s | |",
        ]
    peer = compute["peer"]
    ratio = peer["pandas_ten"] / peer["tandem_ten"]
    with_read = (peer["pandas_ten"] + peer["pandas_read"]) / peer["tandem_ten"]
    target = "≥ 5x: " + ("met" if ratio >= 5 else "MISSED") if size == 1_000_000 else ""
    lines += [
        f"| ten core KPIs + comparison + target, Tandem | {peer['tandem_ten'] * 1000:,.0f} ms | |",
        f"| same ten KPIs, pandas peer (data in memory) | {peer['pandas_ten'] * 1000:,.0f} ms | |",
        f"| pandas peer: read_parquet of the same files | {peer['pandas_read']:,.2f} s | |",
        f"| pandas ÷ Tandem, data in memory | {ratio:,.1f}x | {target} |",
        f"| pandas (read + compute) ÷ Tandem (compute) | {with_read:,.1f}x | |",
        "",
        f"results-equal check (ten KPIs, value and comparison, {peer['views_checked']} filter "
        "states, counts exact, others rel 1e-9): " + ("PASSED" if peer["equal"] else "FAILED"),
        "load average (1, 5, 15 min) at the end of each child: "
        + " / ".join(part["load_average"] for part in (compute, app, rerun) if part),
    ]
    if not app:
        lines.append(
            "not measured at this size: the app's own load (connectors.read_source) and the "
            "AppTest rerun run up to --app-max (default 1,000,000: at 10M they take minutes "
            f"and a second copy of the data in memory); run with --app-max={size} to add them"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated numbers of leads (10000000 only when asked)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (≥ 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--app-max",
        type=int,
        default=1_000_000,
        help="largest size loaded through the app's connectors and AppTest",
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    runs = max(args.runs, 5)
    print(f"command: python -m benchmarks {shlex.join(sys.argv[1:])}".rstrip())
    print(*describe(), sep="\n")
    print(f"load average at start (1, 5, 15 min): {load_average()}")
    failed = []
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        print(f"\npreparing {size:,} leads…", flush=True)
        datasets.ensure(size, args.seed)
        started = time.perf_counter()
        compute = child(size, runs, args.seed, "compute")
        app = child(size, runs, args.seed, "load-app") if size <= args.app_max else None
        rerun = child(size, runs, args.seed, "rerun") if size <= args.app_max else None
        results[size] = {"compute": compute}
        print(f"(measured in {time.perf_counter() - started:.0f} s)\n")
        print("\n".join(table(size, compute, app, rerun, runs)), flush=True)
        if not compute["peer"]["equal"]:
            failed.append(size)
            print("DIFFERENCES:", *compute["peer"]["problems"], sep="\n  ")
    _growth(results)
    if failed:
        raise SystemExit(f"results-equal check FAILED for {failed}: pandas and Tandem differ")


def _growth(results: dict[int, dict[str, Any]]) -> None:
    """Time per figure at 10M over 1M: at most 12x for 10x the rows."""
    if 1_000_000 not in results or 10_000_000 not in results:
        return
    small, large = results[1_000_000]["compute"], results[10_000_000]["compute"]
    print("\n## 1M → 10M leads (10x the rows; target ≤ 12x the time)\n")
    print("| figure | 1M | 10M | growth |\n|---|---|---|---|")
    for key in ("load", "kpi_table", "series", "funnel", "handoff", "launch_relative"):
        a, b = small[key]["median"], large[key]["median"]
        print(f"| {LABELS[key]} | {a:.3f} s | {b:.3f} s | {b / a:.1f}x |")


if __name__ == "__main__":
    os.environ.setdefault("POLARS_MAX_THREADS", str(os.cpu_count() or 2))
    main()
