"""A warehouse's version: PostgreSQL's change counters of each mapped table, probed
without reading a row, so the app computes again exactly when a table changed.

Runs against the test server (TANDEM_TEST_POSTGRES_URL; skipped without it, failed
under CI=true), in a schema of its own.
"""

from __future__ import annotations

import time

import psycopg
import pytest

from connectors import demo_tables
from connectors.sources import warehouse
from tests.kpi.engines.conftest import postgres_schema

__all__ = ["postgres_schema"]


@pytest.fixture
def opened(postgres_schema: tuple[str, str]) -> warehouse.Warehouse:
    url, schema = postgres_schema
    frames = demo_tables()
    warehouse.upload(url, schema, frames, password=None)
    return warehouse.connect(url, {t: f"{schema}.{t}" for t in frames}, password=None)


def write(url: str, sql: str) -> None:
    """A change by another session, which then ends: PostgreSQL counts it when a session
    ends or goes idle (within about 10 s), not at its commit."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.encode())


def version_after(opened: warehouse.Warehouse, before: str) -> warehouse.Version:
    """The probe, asked until the server has counted the change (at most 30 s)."""
    deadline = time.monotonic() + 30
    found = opened.version()
    while found.digest == before and time.monotonic() < deadline:
        time.sleep(0.5)
        found = opened.version()
    return found


def test_the_version_stays_while_nothing_changes_and_moves_with_one_row(
    opened: warehouse.Warehouse, postgres_schema: tuple[str, str]
) -> None:
    url, schema = postgres_schema
    first = opened.version()
    assert first.blind == ()
    opened.run(f'SELECT COUNT(*) FROM "{schema}"."leads"')  # reading is no change
    assert opened.version().digest == first.digest

    write(
        url,
        f'UPDATE "{schema}"."deals" SET amount = amount + 1 WHERE deal_id = '
        f'(SELECT MIN(deal_id) FROM "{schema}"."deals")',
    )
    updated = version_after(opened, first.digest)
    assert updated.digest != first.digest

    write(url, f'TRUNCATE "{schema}"."spend"')  # no delete counted: the live rows say it
    assert version_after(opened, updated.digest).digest != updated.digest


def test_a_view_has_no_counters_so_it_is_named_blind(
    opened: warehouse.Warehouse, postgres_schema: tuple[str, str]
) -> None:
    url, schema = postgres_schema
    write(url, f'CREATE VIEW "{schema}"."leads_view" AS SELECT * FROM "{schema}"."leads"')
    tables = {**opened.tables, "leads": f"{schema}.leads_view"}
    on_view = warehouse.connect(url, tables, password=None)
    assert on_view.version().blind == ("leads",)
    on_view.close()


def test_the_address_shown_never_holds_the_password() -> None:
    shown = "postgresql://tandem@db.example:5432/analytics"
    assert warehouse.address("postgresql://tandem:s3cret@db.example:5432/analytics") == shown
    assert warehouse.address(f"{shown}?password=s3cret&sslmode=require") == shown
    assert warehouse.address("postgresql://db.example/x") == "postgresql://db.example/x"
