"""What the command line loads at start: only what every command needs.

A report over files is served from snapshots in about a second; the warehouse's driver
(psycopg), DuckDB, and pyarrow with numpy (the bulk typing of a file) would add a
quarter of that to every start, so they are imported by the code that uses them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LATE = ("psycopg", "duckdb", "pyarrow", "numpy", "pandas", "connectors.sources.kinds.warehouse")


def test_the_command_line_starts_without_the_drivers_and_bulk_typing() -> None:
    code = "import sys, tandem.cli; print(*sorted(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert {"polars", "tandem.report", "connectors.sources.kinds"} <= loaded  # seen at all
    assert loaded.isdisjoint(LATE), loaded & set(LATE)


def test_a_configured_kind_is_imported_when_first_asked_for() -> None:
    code = (
        "import sys\n"
        "from connectors.sources.kinds import KINDS\n"
        "before = 'connectors.sources.kinds.warehouse' in sys.modules\n"
        "kind = KINDS['warehouse']\n"
        "print(before, kind.name, 'psycopg' in sys.modules, sorted(KINDS))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split(maxsplit=3) == [
        "False",
        "warehouse",
        "True",
        "['demo', 'file', 'folder', 'gsheet', 'warehouse']\n",
    ]
