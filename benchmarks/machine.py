"""The machine a benchmark ran on, and how much memory a process has used at its peak."""

from __future__ import annotations

import os
import platform
import resource
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram_bytes() -> int:
    for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 0


def vm_hwm_bytes(pid: int | str = "self") -> int:
    """A process's peak resident memory (VmHWM), from /proc; 0 when it has gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def peak_rss_bytes() -> int:
    """This process's peak resident memory so far."""
    return max(vm_hwm_bytes(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def describe() -> list[str]:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    return [
        f"machine: nproc={os.cpu_count()}, cpu={cpu_model()}, RAM={ram_bytes() / 2**30:.1f} GiB",
        f"python {platform.python_version()}, polars {pl.__version__}, "
        f"pandas {pd.__version__}, pyarrow {pa.__version__}, {platform.platform()}",
    ]
