"""The command line: `python -m kpi report ...` prints the KPI table (see kpi/cli.py)."""

from __future__ import annotations

from kpi.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
