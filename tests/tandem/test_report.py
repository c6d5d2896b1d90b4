"""`python -m tandem report`, run as a manager would: exit codes, output, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

import connectors
import kpi.dimensions
from connectors.demo import generate
from kpi.dimensions import DIMENSIONS, Dimension
from kpi.export import csv_ready, safe_csv, view_comments
from kpi.filters import Filters
from kpi.model import Model
from kpi.table import COLUMNS, kpi_table
from tandem.cli import main
from tandem.sources import DEMO

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGN = Dimension(key="campaign", plural="campaigns", label="Campaign", column="campaign")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args], cwd=cwd, env=env, capture_output=True, timeout=120
    )


def default_view(model: Model, **changes: object) -> Filters:
    end = model.last_day
    return Filters(start=end - timedelta(days=89), end=end, data_through=end).narrowed(**changes)


def demo_health() -> list[str]:
    """The demo's health line, then its warnings (the currencies it converts)."""
    rows = sum(frame.height for frame in generate().values())
    read = connectors.read_source(DEMO, credentials=None, snapshot_dir=Path("unused"))
    connectors.combine([read])  # converting currencies adds its notes to the health
    return [
        f"source demo (demo): ok; {rows} rows read, {rows} kept, 0 refused",
        *(f"source demo: warning: {warning}" for warning in read.health.warnings),
    ]


def test_csv_is_the_overview_download_and_the_source_health(demo_model: Model) -> None:
    result = run("report", "--format", "csv")
    assert result.returncode == 0, result.stderr
    filters = default_view(demo_model)
    health = demo_health()
    assert any("converted to EUR" in line for line in health)
    comments = [*view_comments(filters, demo_model.as_of), *health]
    assert result.stdout == safe_csv(csv_ready(kpi_table(demo_model, filters)), comments=comments)
    lines = result.stdout.decode().splitlines()
    assert lines[0] == (
        '"# Tandem export. filters: launch=all; channel=all; region=all; segment=all; '
        'period=2026-08-29..2026-11-26; compare=previous; grain=week; sla_hours=24"'
    )
    assert lines[1] == '"# data as of: 2026-11-27T00:00"'
    assert lines[2 : 2 + len(health)] == [f'"# {line}"' for line in health]
    assert len(lines) == 2 + len(health) + 1 + 34
    assert result.stderr.decode().splitlines() == health


def test_json_records_with_chosen_launch_period_and_comparison(
    demo_model: Model, tmp_path: Path
) -> None:
    out = tmp_path / "table.json"
    result = run(
        "report", "--launch", "GLOW-SERUM", "--launch", "VELVET-LIP", "--start", "2026-10-01",
        "--end", "2026-10-31", "--compare", "last_year", "--format", "json", "--output", str(out),
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, b"")
    report = json.loads(out.read_text())
    filters = Filters(
        start=date(2026, 10, 1), end=date(2026, 10, 31), launches=("GLOW-SERUM", "VELVET-LIP"),
        compare="last_year", data_through=demo_model.last_day,
    )  # fmt: skip
    assert report["kpis"] == kpi_table(demo_model, filters).to_dicts()
    assert list(report["kpis"][0]) == list(COLUMNS)
    assert report["filters"] == {
        "launch": ["GLOW-SERUM", "VELVET-LIP"], "channel": [], "region": [], "segment": [],
        "period": "2026-10-01..2026-10-31", "compare": "last_year", "grain": "week",
        "sla_hours": 24.0,
    }  # fmt: skip
    assert (report["data_as_of"], report["period_note"]) == ("2026-11-27T00:00", None)
    rows = sum(frame.height for frame in generate().values())
    warnings = [line.split(": warning: ", 1)[1] for line in demo_health()[1:]]
    assert report["sources"] == [
        {"source": "demo", "kind": "demo", "format": "demo", "status": "ok", "error": None,
         "stale_since": None, "rows_read": rows, "rows_kept": rows, "rows_refused": 0,
         "warnings": warnings}
    ]  # fmt: skip


def test_channel_region_and_segment_narrow_the_report_like_the_url(demo_model: Model) -> None:
    result = run(
        "report", "--channel", "paid_social", "--region", "EU", "--region", "UK",
        "--segment", "salon", "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    view = default_view(
        demo_model, channels=("paid_social",), regions=("EU", "UK"), segments=("salon",)
    )
    assert report["kpis"] == kpi_table(demo_model, view).to_dicts()
    assert (report["filters"]["channel"], report["filters"]["region"]) == (
        ["paid_social"],
        ["EU", "UK"],
    )
    spend = next(row for row in report["kpis"] if row["kpi"] == "spend")
    expected = demo_model.dataset.spend.filter(
        (pl.col("channel") == "paid_social")
        & pl.col("region").is_in(["EU", "UK"])
        & pl.col("date").is_between(date(2026, 8, 29), date(2026, 11, 26))
    )["spend"].sum()
    # Spend has no segment, so a segment filter leaves it out and says why.
    assert spend["value"] is None and "segment" in spend["note"]
    no_segment = run("report", "--channel", "paid_social", "--region", "EU", "--region", "UK",
                     "--format", "json")  # fmt: skip
    spend = next(r for r in json.loads(no_segment.stdout)["kpis"] if r["kpi"] == "spend")
    assert spend["value"] == pytest.approx(expected)


def test_presets_and_periods_past_the_data(demo_model: Model) -> None:
    week = run("report", "--period", "last_week")
    assert b"period=2026-11-16..2026-11-22;" in week.stdout
    past = run("report", "--start", "2026-11-24", "--end", "2026-12-01", "--format", "json")
    report = json.loads(past.stdout)
    assert report["period_note"] == (
        "The period runs past the data, which ends on 26 Nov 2026: its last 5 days have no "
        "data yet, so it is compared on its first 3 days only (16 Nov 2026 to 18 Nov 2026)."
    )
    view = Filters(start=date(2026, 11, 24), end=date(2026, 12, 1), data_through=date(2026, 11, 26))
    assert report["kpis"] == kpi_table(demo_model, view).to_dicts()
    launch = run("report", "--period", "since_launch", "--launch", "SHIELD-SPF")
    launch_day = demo_model.dataset.launches.filter(pl.col("launch_id") == "SHIELD-SPF")
    assert f"period={launch_day['launch_date'][0]}..2026-11-26;".encode() in launch.stdout


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
        (["report", "--period", "last_week", "--start", "2026-10-01"],
         "argument --period: give a preset or --start/--end, not both"),
        (["report", "--period", "since_launch"],
         "argument --period: since_launch needs a --launch with a launch date"),
        (["report", "--period", "fortnight"], "argument --period: invalid choice: 'fortnight'"),
        (["report", "--channel", "carrier_pigeon"],
         "argument --channel: unknown channel 'carrier_pigeon'; known: "),
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
    report = json.loads(result.stdout)
    values = {row["kpi"]: row["value"] for row in report["kpis"]}
    # No spend source: spend is unknown, not 0 (docs/architecture.md, "Unknown is not zero").
    assert (values["leads"], values["mqls"], values["spend"]) == (2.0, 1.0, None)
    assert result.stderr.decode() == (
        "source crm (file, canonical_leads): ok; 2 rows read, 2 kept, 0 refused\n"
    )


def sources(folder: Path, *entries: tuple[str, str]) -> Path:
    """A sources.toml in `folder` with one file source per (name, file)."""
    text = "".join(
        f'[[source]]\nname = "{name}"\nkind = "file"\npath = "{file}"\n\n' for name, file in entries
    )
    path = folder / "sources.toml"
    path.write_text(text)
    return path


def test_a_source_refused_whole_is_said_everywhere_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(LEADS_CSV)
    (tmp_path / "pivot.csv").write_text("Region,Q1,Q2\nEU,10,12\n")
    sources(tmp_path, ("crm", "leads.csv"), ("board", "pivot.csv"))
    args = ["report", "--sources", "sources.toml", "--start", "2025-03-01", "--end", "2025-03-31"]
    csv = run(*args, cwd=tmp_path)
    assert csv.returncode == 1
    stderr = csv.stderr.decode().splitlines()
    assert stderr[0] == "source crm (file, canonical_leads): ok; 2 rows read, 2 kept, 0 refused"
    assert stderr[1].startswith("source board (file): refused (pivot.csv")
    assert stderr[1].endswith("; its numbers are missing")
    comments = [line[3:-1] for line in csv.stdout.decode().splitlines() if line.startswith('"# ')]
    assert comments[-2:] == stderr
    # The valid source still counts: the report is written, with the refusal beside it.
    leads = next(line for line in csv.stdout.decode().splitlines() if line.startswith('"leads",'))
    assert leads.split(",")[5] == "2.0"
    as_json = run(*args, "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 1
    board = json.loads(as_json.stdout)["sources"][1]
    assert (board["source"], board["status"], board["rows_kept"]) == ("board", "refused", 0)
    assert board["error"].startswith("pivot.csv")


def test_a_sources_file_without_sources_is_refused(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(LEADS_CSV)
    (tmp_path / "sources.toml").write_text(
        '[[sources]]\nname = "crm"\nkind = "file"\npath = "leads.csv"\n'
    )
    result = run("report", "--sources", "sources.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --sources: sources.toml" in result.stderr.decode()
    assert result.stdout == b""


def test_without_data_there_is_no_as_of(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(LEADS_CSV.splitlines()[0] + "\n")  # no rows
    sources(tmp_path, ("crm", "leads.csv"))
    result = run("report", "--sources", "sources.toml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    [health] = result.stderr.decode().splitlines()
    assert health.startswith("source crm (file, canonical_leads): refused (leads.csv")
    assert health.endswith("); its numbers are missing")
    report = json.loads(result.stdout)
    assert (report["data_as_of"], report["period_note"]) == (None, None)
    assert report["sources"][0]["rows_read"] == 0
    csv = run("report", "--sources", "sources.toml", cwd=tmp_path).stdout.decode()
    assert not any(line.startswith('"# data as of') for line in csv.splitlines())
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert tomorrow not in csv


def test_a_dimension_added_to_a_copy_of_the_registry_is_an_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(kpi.dimensions, "DIMENSIONS", (*DIMENSIONS, CAMPAIGN))
    (tmp_path / "leads.csv").write_text(LEADS_CSV.replace("c1", "c2", 1))
    sources(tmp_path, ("crm", "leads.csv"))
    out = tmp_path / "report.json"
    status = main(
        ["report", "--sources", str(tmp_path / "sources.toml"), "--campaign", "c1",
         "--start", "2025-03-01", "--end", "2025-03-31", "--format", "json",
         "--output", str(out)]
    )  # fmt: skip
    assert status == 0
    report = json.loads(out.read_text())
    assert report["filters"]["campaign"] == ["c1"]
    values = {row["kpi"]: row["value"] for row in report["kpis"]}
    assert values["leads"] == 1.0  # lead b; lead a is now in campaign c2
    assert main(["report", "--sources", str(tmp_path / "sources.toml"), "--campaign", "c9"]) == 2
    assert "argument --campaign: unknown campaign 'c9'; known: c1, c2" in capsys.readouterr().err


def test_a_broken_sources_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text("[[source]\n")
    result = run("report", "--sources", "sources.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --sources: sources.toml: cannot be read as TOML" in result.stderr.decode()


def test_an_unwritable_output_exits_2(tmp_path: Path) -> None:
    result = run("report", "--start", "2026-11-20", "--output", str(tmp_path / "no" / "x.csv"))
    assert result.returncode == 2
    assert f"argument --output: cannot write {tmp_path / 'no' / 'x.csv'}" in result.stderr.decode()
