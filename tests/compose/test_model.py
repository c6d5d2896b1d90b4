"""compose/: which model the reads make, the same for the app and the command line."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import compose
from connectors import DataHealth, SourceConfig, SourceRead, SourcesConfig
from connectors.sources.result import empty_tables
from contract.schema import TABLES

STORE = SourceConfig(
    "Warehouse",
    "warehouse",
    url="postgresql://tandem@127.0.0.1:5432/analytics",
    options={"tables": {"leads": "crm.leads"}, "password": "pg_password"},
)
SHEET = SourceConfig("Plan", "gsheet", url="https://docs.google.com/spreadsheets/d/x")


def read(name: str, kind: str, *, error: str | None = None, **rows: int) -> SourceRead:
    """A read of `name` holding `rows[table]` empty-valued rows per table."""
    tables = empty_tables()
    for table, count in rows.items():
        empty = TABLES[table].empty()
        tables[table] = pl.DataFrame(
            {c: [None] * count for c in empty.columns}, schema=empty.schema
        )
    health = DataHealth(name)
    health.error = error
    return SourceRead(name, kind, tables, health)


def test_the_warehouse_holds_the_facts_and_a_sheet_may_give_the_plan() -> None:
    reads = [read("Warehouse", "warehouse", launches=2), read("Plan", "gsheet", targets=3)]
    assert compose.warehouse_of([STORE, SHEET], reads) == STORE


def test_fact_rows_from_a_second_place_are_refused_by_name() -> None:
    reads = [read("Warehouse", "warehouse"), read("Plan", "gsheet", leads=1, spend=2)]
    with pytest.raises(compose.ModelError) as refused:
        compose.warehouse_of([STORE, SHEET], reads)
    assert str(refused.value) == (
        "source Plan gives spend, leads rows, which the warehouse source Warehouse holds; "
        "give each table from one place"
    )


def test_a_warehouse_that_could_not_be_read_holds_nothing_this_time() -> None:
    reads = [read("Warehouse", "warehouse", error="cannot connect to the warehouse")]
    assert compose.warehouse_of([STORE], reads) is None


def test_only_one_warehouse_holds_the_facts() -> None:
    other = SourceConfig("Second", "warehouse", url=STORE.url, options=STORE.options)
    reads = [read("Warehouse", "warehouse"), read("Second", "warehouse")]
    with pytest.raises(compose.ModelError, match="only one warehouse source"):
        compose.warehouse_of([STORE, other], reads)


def test_the_engine_setting_is_checked_by_name(tmp_path: Path) -> None:
    def settings(engine: str | None) -> SourcesConfig:
        return SourcesConfig(tmp_path / "sources.toml", (), tmp_path, None, engine)

    assert compose.engine_of(None) == "polars"
    assert compose.engine_of(settings("spark")) == "spark"
    with pytest.raises(compose.ModelError) as refused:
        compose.engine_of(settings("bigquery"))
    assert str(refused.value) == (
        f"{tmp_path / 'sources.toml'}: [settings] field 'engine' must be one of polars, "
        "duckdb, spark, not 'bigquery'"
    )


def test_each_source_signs_in_with_its_own_secret() -> None:
    secrets = {"pg_password": "s3cret", "gcp_service_account": {"client_email": "a@b.iam"}}
    assert compose.credentials_for(STORE, secrets) == {"password": "s3cret"}
    assert compose.credentials_for(SHEET, secrets) == {"client_email": "a@b.iam"}
    assert compose.credentials_for(STORE, {}) is None
