"""`python -m tandem report`, run as a manager would: exit codes, output, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from kpi.export import csv_ready, safe_csv, view_comments
from kpi.filters import Filters
from kpi.model import Model
from kpi.table import COLUMNS, kpi_table

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args], cwd=cwd, env=env, capture_output=True, timeout=120
    )


def default_view(model: Model, **changes: object) -> Filters:
    end = model.last_day
    return Filters(start=end - timedelta(days=89), end=end).narrowed(**changes)


def test_csv_is_exactly_the_overview_download(demo_model: Model) -> None:
    result = run("report", "--format", "csv")
    assert result.returncode == 0, result.stderr
    filters = default_view(demo_model)
    expected = safe_csv(
        csv_ready(kpi_table(demo_model, filters)),
        comments=view_comments(filters, demo_model.as_of),
    )
    assert result.stdout == expected
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith(
        '"# Tandem export. filters: launch=all; period=2026-08-29..2026-11-26;'
    )
    assert lines[1] == '"# data as of: 2026-11-27T00:00"'
    assert len(lines) == 2 + 1 + 34


def test_json_records_with_chosen_launch_period_and_comparison(
    demo_model: Model, tmp_path: Path
) -> None:
    out = tmp_path / "table.json"
    result = run(
        "report", "--launch", "GLOW-SERUM", "--launch", "VELVET-LIP", "--start", "2026-10-01",
        "--end", "2026-10-31", "--compare", "last_year", "--format", "json", "--output", str(out),
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, b"")
    records = json.loads(out.read_text())
    filters = Filters(
        start=date(2026, 10, 1), end=date(2026, 10, 31), launches=("GLOW-SERUM", "VELVET-LIP"),
        compare="last_year",
    )  # fmt: skip
    assert records == kpi_table(demo_model, filters).to_dicts()
    assert list(records[0]) == list(COLUMNS)


def test_only_a_start_runs_to_the_last_day() -> None:
    result = run("report", "--start", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert b"period=2026-11-20..2026-11-26;" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--start", "2026-02-30"],
         "argument --start: expected a date as YYYY-MM-DD, not '2026-02-30'"),
        (["report", "--end", "yesterday"],
         "argument --end: expected a date as YYYY-MM-DD, not 'yesterday'"),
        (["report", "--start", "2026-10-02", "--end", "2026-10-01"],
         "argument --start: 2026-10-02 is after --end (2026-10-01)"),
        (["report", "--compare", "lastyear"], "argument --compare: invalid choice: 'lastyear'"),
        (["report", "--format", "xlsx"], "argument --format: invalid choice: 'xlsx'"),
        (["report", "--sources", "no-such-sources.toml"],
         "argument --sources: no-such-sources.toml does not exist"),
        (["report", "--frobnicate"], "unrecognized arguments: --frobnicate"),
        ([], "the following arguments are required: COMMAND"),
    ],
)  # fmt: skip
def test_bad_arguments_exit_2_naming_the_argument(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert result.stdout == b""


def test_a_start_after_the_data_without_end_is_refused() -> None:
    result = run("report", "--start", "2027-01-01")
    assert result.returncode == 2
    assert "argument --start: 2027-01-01 is after the end of the view (2026-11-26)" in (
        result.stderr.decode()
    )


def test_an_unknown_launch_lists_the_known_ones() -> None:
    result = run("report", "--launch", "GLOW-SERUM", "--launch", "NOPE")
    assert result.returncode == 2
    assert (
        "argument --launch: unknown launch id 'NOPE'; known: GLOW-SERUM, VELVET-LIP, "
        "NOIR-FRAGRANCE, SHIELD-SPF, SILK-HAIR-OIL, ATELIER-PRO, (unassigned)"
    ) in result.stderr.decode()


LEADS_CSV = """lead_id,created_at,launch_id,channel,campaign,region,segment,owner,event,mql_at,\
accepted_at,rejected_at,reject_reason,first_touch_at,sql_at,won_at,lost_at
a,2025-03-02 09:00:00,L1,paid_social,c1,EU,salon,Ann,,2025-03-02 10:00:00,,,,,,,
b,2025-03-05 09:00:00,L1,paid_social,c1,EU,salon,Ann,,,,,,,,,
"""


def test_sources_are_read_through_the_connectors(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(LEADS_CSV)
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nname = "crm"\nkind = "file"\npath = "leads.csv"\ntable = "leads"\n'
    )
    result = run(
        "report", "--sources", "sources.toml", "--start", "2025-03-01", "--end", "2025-03-31",
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    values = {row["kpi"]: row["value"] for row in json.loads(result.stdout)}
    # No spend source: spend is unknown, not 0 (docs/architecture.md, "Unknown is not zero").
    assert (values["leads"], values["mqls"], values["spend"]) == (2.0, 1.0, None)


def test_a_broken_sources_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text("[[source]\n")
    result = run("report", "--sources", "sources.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --sources: sources.toml: cannot be read as TOML" in result.stderr.decode()


def test_an_unwritable_output_exits_2(tmp_path: Path) -> None:
    result = run("report", "--start", "2026-11-20", "--output", str(tmp_path / "no" / "x.csv"))
    assert result.returncode == 2
    assert f"argument --output: cannot write {tmp_path / 'no' / 'x.csv'}" in result.stderr.decode()
