"""`python -m tandem report --engine …`: every engine prints the default's table.

The demo brand is written as a canonical Parquet folder and into a PostgreSQL warehouse
(the test server named by TANDEM_TEST_POSTGRES_URL, a schema of its own); the report on
each, run as a manager would, must give the KPI table `report` gives on the demo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from sqlalchemy.engine import make_url

from connectors.sources import warehouse
from tandem.sources import read_sources
from tests.kpi.engines.conftest import write_folder
from tests.kpi.engines.test_conformance import differences
from tests.tandem.test_report import ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    """The command line in a process of its own; Spark starts a JVM, hence the long bound."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tandem", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=900)


VIEW = ("--start", "2026-06-01", "--end", "2026-08-31", "--format", "json")


@pytest.fixture(scope="module")
def demo() -> dict[str, pl.DataFrame]:
    return read_sources(None).tables()


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    done = run("report", *VIEW)
    assert done.returncode == 0, done.stderr.decode()
    return dict(json.loads(done.stdout))


def same_report(document: dict[str, Any], expected: dict[str, Any]) -> None:
    for field in ("filters", "data_as_of", "period_note"):
        assert document[field] == expected[field]
    found, wanted = pl.DataFrame(document["kpis"]), pl.DataFrame(expected["kpis"])
    assert wanted["value"].null_count() < 10  # a view with numbers
    assert differences(wanted, found) == []


@pytest.mark.parametrize("engine", ["polars", "duckdb", "spark"])
def test_a_canonical_folder_gives_the_default_table_on_every_engine(
    engine: str, demo: dict[str, pl.DataFrame], expected: dict[str, Any], tmp_path: Path
) -> None:
    write_folder(demo, tmp_path / "canonical")
    done = run("report", "--data", str(tmp_path / "canonical"), "--engine", engine, *VIEW)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    same_report(json.loads(done.stdout), expected)


def test_sources_settings_choose_the_engine(expected: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(
        '[settings]\nengine = "duckdb"\n[[source]]\nname = "demo"\nkind = "demo"\n'
    )
    done = run("report", "--sources", str(tmp_path / "sources.toml"), *VIEW)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    same_report(json.loads(done.stdout), expected)


def test_an_unknown_engine_setting_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(
        '[settings]\nengine = "duck"\n[[source]]\nname = "Demo"\nkind = "demo"\n'
    )
    done = run("report", "--sources", str(tmp_path / "sources.toml"))
    assert done.returncode == 2
    assert "[settings] field 'engine' must be one of polars, duckdb, spark, not 'duck'" in (
        done.stderr.decode()
    )


def warehouse_sources(folder: Path, url: str, schema: str, tables: dict[str, str]) -> Path:
    """A sources.toml naming the warehouse without its password, which goes to secrets."""
    parsed = make_url(url)
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "secrets.toml").write_text(f'pg_password = "{parsed.password}"\n')
    mapping = ", ".join(f'{name} = "{schema}.{table}"' for name, table in tables.items())
    bare = f"postgresql://{parsed.username}@{parsed.host}:{parsed.port}/{parsed.database}"
    (folder / "sources.toml").write_text(
        f'[[source]]\nname = "Warehouse"\nkind = "warehouse"\nurl = "{bare}"\n'
        f'password = "pg_password"\ntables = {{ {mapping} }}\n'
    )
    return folder / "sources.toml"


def test_a_postgresql_warehouse_gives_the_default_table(
    demo: dict[str, pl.DataFrame],
    expected: dict[str, Any],
    postgres_schema: tuple[str, str],
    tmp_path: Path,
) -> None:
    url, schema = postgres_schema
    warehouse.upload(url, schema, demo, password=None)
    path = warehouse_sources(tmp_path, url, schema, {name: name for name in demo})
    done = run("report", "--sources", str(path), *VIEW, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    document = json.loads(done.stdout)
    assert [s["status"] for s in document["sources"]] == ["ok"]
    same_report(document, expected)
    assert make_url(url).password not in done.stdout.decode() + done.stderr.decode()


def test_a_warehouse_table_without_a_column_is_named(
    demo: dict[str, pl.DataFrame], postgres_schema: tuple[str, str], tmp_path: Path
) -> None:
    url, schema = postgres_schema
    frames = {**demo, "leads": demo["leads"].drop("mql_at")}
    warehouse.upload(url, schema, frames, password=None)
    path = warehouse_sources(tmp_path, url, schema, {name: name for name in frames})
    done = run("report", "--sources", str(path), *VIEW, cwd=tmp_path)
    assert done.returncode == 1
    assert (
        f"source Warehouse (warehouse): refused (the warehouse tables do not match: "
        f"{schema}.leads has no column mql_at)"
    ) in done.stderr.decode()
