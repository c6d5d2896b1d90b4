"""Load: concurrent browser sessions opening different shared links (issue 7, item 5).

    python -m benchmarks.load [--sessions 20]

Starts `streamlit run app.py` on 127.0.0.1 (a free port) on the bundled demo data, then
one headless Debian chromium opens `--sessions` pages at once, each on another shared
link (launches, periods, regions, pages). For each page it measures the time from
navigation to numbers on screen (the first KPI tile, table or chart drawn, and the app
idle), checks that no page shows an exception or an error alert, and reports p50,
p95 and max with the server's peak memory (VmHWM of the streamlit process and its
children, from /proc). All traffic stays on 127.0.0.1; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from playwright.async_api import Browser, async_playwright

from benchmarks.machine import describe, load_average, vm_hwm_bytes
from tests.e2e.conftest import CHROMIUM_FLAGS, Server
from tests.e2e.tandem import IDLE

ROOT = Path(__file__).resolve().parent.parent
NUMBERS = (
    '[data-testid="stMain"] [data-testid="stMetricValue"], '
    '[data-testid="stMain"] [data-testid="stDataFrame"], '
    '[data-testid="stMain"] [data-testid="stVegaLiteChart"]'
)
RSS_LIMIT = 2 * 2**30
LAUNCHES = [
    "Glow Serum",
    "Velvet Matte Lipstick line",
    "Noir Bloom fragrance",
    "Daily Shield SPF 50",
    "Silk Hair Oil",
    "Atelier Pro salon line",
]
PAGES = ["", "funnel", "handoff", "launches", "definitions", "data"]
PERIODS = [
    ("2026-08-29", "2026-11-26"),
    ("2026-01-01", "2026-03-31"),
    ("2026-04-01", "2026-06-30"),
    ("2025-10-01", "2025-12-31"),
    ("2026-11-01", "2026-11-26"),
]
REGIONS = [[], ["EU"], ["US", "UK"], ["APAC"]]


def shared_links(count: int) -> list[str]:
    """`count` different links: page, launch, period and region vary independently."""
    links = []
    for index in range(count):
        query: list[tuple[str, str]] = []
        if index % 7:  # every seventh link: all launches
            query.append(("launch", LAUNCHES[index % len(LAUNCHES)]))
        start, end = PERIODS[index % len(PERIODS)]
        query += [("period", start), ("period", end)]
        query += [("region", region) for region in REGIONS[(index // 2) % len(REGIONS)]]
        if index % 3 == 2:
            query.append(("compare", "last_year"))
        links.append(f"/{PAGES[index % len(PAGES)]}?{urlencode(query)}")
    if len(set(links)) != len(links):
        raise SystemExit("the shared links are not all different")
    return links


@dataclass
class Visit:
    link: str
    seconds: float
    problems: list[str]


def tree_pids(pid: int) -> list[int]:
    """The process and all its descendants, from /proc/<pid>/task/*/children."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def server_peak(pid: int) -> int:
    return sum(vm_hwm_bytes(p) for p in tree_pids(pid))


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its descendants."""
    ticks = 0
    for member in tree_pids(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time every process on the machine has used since boot (all cores)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    idle = int(fields[3]) + int(fields[4])
    return (sum(int(f) for f in fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


async def visit(browser: Browser, base: str, link: str, timeout_ms: float) -> Visit:
    context = await browser.new_context(viewport={"width": 1440, "height": 2000})
    page = await context.new_page()
    problems: list[str] = []
    started = time.perf_counter()
    try:
        await page.goto(base + link, timeout=timeout_ms)
        await page.wait_for_selector(NUMBERS, timeout=timeout_ms)
        await page.wait_for_selector(IDLE, timeout=timeout_ms)
        seconds = time.perf_counter() - started
        await page.wait_for_timeout(300)  # let a late rerun show itself
        await page.wait_for_selector(IDLE, timeout=timeout_ms)
        exceptions = await page.locator('[data-testid="stException"]').count()
        if exceptions:
            problems.append(f"{exceptions} exception(s) on screen")
        for alert in await page.locator('[data-testid="stAlert"]').all():
            text = (await alert.inner_text()).strip()
            if "error" in text.lower():
                problems.append(f"error alert: {text[:120]}")
    except Exception as exc:  # a timeout is a result to report, not a crash of the run
        seconds = time.perf_counter() - started
        problems.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    finally:
        await context.close()
    return Visit(link, seconds, problems)


async def run(
    base: str, links: list[str], chromium: str, timeout_ms: float, server: int
) -> tuple[float, list[Visit], dict[str, float]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            warm = await visit(browser, base, "/", timeout_ms)  # the data is read once
            if warm.problems:
                raise SystemExit(f"the warm-up visit failed: {warm.problems}")
            before = (cpu_seconds(server), machine_busy_seconds(), time.perf_counter())
            visits = await asyncio.gather(
                *(visit(browser, base, link, timeout_ms) for link in links)
            )
            cpu = {
                "server": cpu_seconds(server) - before[0],
                "machine": machine_busy_seconds() - before[1],
                "wall": time.perf_counter() - before[2],
            }
        finally:
            await browser.close()
    return warm.seconds, list(visits), cpu


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with `share` of the values at or below."""
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[rank - 1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120, help="seconds per page")
    parser.add_argument(
        "--file-watcher",
        default="none",
        choices=("none", "auto", "poll", "watchdog"),
        help="the server's server.fileWatcherType (Streamlit's default is auto)",
    )
    args = parser.parse_args(argv)
    chromium = os.environ.get("TANDEM_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("no chromium: apt-get install chromium")
    links = shared_links(args.sessions)
    print(f"command: python -m benchmarks.load {shlex.join(sys.argv[1:])}".rstrip())
    print(*describe(), sep="\n")
    print(f"load average at start (1, 5, 15 min): {load_average()}")
    # The browser tests' server, on the demo data; the watcher flag only to compare.
    server = Server(args=["--server.fileWatcherType", args.file_watcher])
    base, log, pid = server.url, server.log_path, server.process.pid
    try:
        server.wait_ready(timeout=90)
        warm, visits, cpu = asyncio.run(
            asyncio.wait_for(run(base, links, chromium, args.timeout * 1000, pid), timeout=900)
        )
        peak = server_peak(pid)
    finally:
        server.stop()
    times = [v.seconds for v in visits]
    failed = [v for v in visits if v.problems]
    print(
        f"\nserver: streamlit run app.py on {base}, demo data, "
        f"--server.fileWatcherType {args.file_watcher}; log {log}"
    )
    print(f"warm-up visit (first read of the demo data): {warm:.2f} s")
    print(f"\n{len(visits)} concurrent sessions, time from navigation to numbers on screen:\n")
    print("| link | seconds | problems |\n|---|---|---|")
    for v in sorted(visits, key=lambda v: v.seconds):
        print(f"| {v.link} | {v.seconds:.2f} | {'; '.join(v.problems) or 'none'} |")
    print(
        f"\np50 {statistics.median(times):.2f} s, p95 {percentile(times, 0.95):.2f} s, "
        f"max {max(times):.2f} s; pages with problems: {len(failed)}"
    )
    print(f"server peak RSS (VmHWM, streamlit and children): {peak / 2**30:.2f} GiB")
    print(
        f"CPU while the {len(visits)} sessions ran ({cpu['wall']:.1f} s wall, "
        f"{os.cpu_count()} cores): server {cpu['server']:.1f} s, whole machine "
        f"{cpu['machine']:.1f} s (the browser and everything else: "
        f"{cpu['machine'] - cpu['server']:.1f} s)"
    )
    print(f"load average at end (1, 5, 15 min): {load_average()}")
    if failed or peak >= RSS_LIMIT:
        raise SystemExit("load check FAILED: " + ("pages with problems" if failed else "memory"))


if __name__ == "__main__":
    main()
