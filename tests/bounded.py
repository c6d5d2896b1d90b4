"""Peak memory of one step of a test, bounded with a generous limit; its time, reported.

The hostile-input tests reproduce an attack and show it now costs little. They measure
the step (this process's peak resident memory from the kernel's high-water mark, reset
before the step, and its wall time), print the figures, list them again at the end of
the run, and fail only far above what the step's memory costs. The time is reported,
never asserted: a wall-clock limit fails on a busy machine, not on a slow change (speed
is measured in benchmarks/).
Measurements are of this process; a child process that decodes a file is bounded by its
own memory ceiling and time limit (connectors/grid/isolated.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")
MEASURED: list[str] = []


def _status_kb(key: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset the kernel's high-water mark to the memory in use now (Linux 4.0+)."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return _status_kb("VmHWM") is not None


@contextmanager
def bounded(label: str, *, megabytes: float = 800.0) -> Iterator[None]:
    """Measure the block; fail when it grew memory over `megabytes`."""
    can_measure = _reset_peak()
    before = _status_kb("VmRSS") or 0
    started = time.perf_counter()
    yield
    took = time.perf_counter() - started
    grew_mb = 0.0
    if can_measure:
        peak = _status_kb("VmHWM") or 0
        # Memory freed during the step can leave the peak a little under the start.
        grew_mb = max(0, peak - before) / 1024
        memory = f"peak memory {peak / 1024:,.0f} MB ({grew_mb:+,.0f} MB)"
    else:
        memory = "peak memory not measurable here (no /proc/self/clear_refs)"
    line = f"{label}: {took:.2f} s, {memory}; bound {megabytes:g} MB"
    print(f"\n{line}")
    MEASURED.append(line)
    assert grew_mb < megabytes, line


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if MEASURED:
        terminalreporter.section("hostile input: peak memory (bounded) and time (reported)")
        for line in MEASURED:
            terminalreporter.write_line(line)
