"""A customer's first order is the same order on every engine, whatever the collation.

Two orders of one customer on the same first day: the first is the lowest order id
compared byte by byte, as polars compares text ("B-1" before "a-2"). A PostgreSQL
column with a linguistic collation sorts "a-2" first; the SQL engines compare bytes.
"""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from connectors.sources import warehouse
from contract.schema import ORDERS
from kpi.engines.postgres import on_run
from kpi.filters import Filters
from kpi.table import kpi_table
from tests.kpi.engines.conftest import Build, on_polars
from tests.kpi.fixtures import ORDER_ROWS, fixture_frames, frame, order

MARCH_L1 = Filters(start=date(2025, 3, 1), end=date(2025, 3, 31), launches=("L1",))
TIED = [
    order("a-2", date(2025, 3, 3), "L2", "dtc", "EU", "K9", 1, 40.0),
    order("B-1", date(2025, 3, 3), "L1", "dtc", "EU", "K9", 1, 60.0),
]


def frames() -> dict[str, object]:
    return {**fixture_frames(), "orders": frame(ORDERS, [*ORDER_ROWS, *TIED])}


def new_customers(model: object) -> float:
    """L1's new customers in March, read back from its CAC: spend 100 + 300 ÷ them."""
    table = kpi_table(model, MARCH_L1)  # type: ignore[arg-type]
    return (100.0 + 300.0) / float(table.filter(table["kpi"] == "cac")["value"].item())


def test_polars_counts_the_tied_customer_in_the_launch_of_the_lower_id() -> None:
    # L1's March first orders: K3's O6 and K9's "B-1" ("B" is byte 0x42, "a" 0x61);
    # K1's first order was in February.
    assert new_customers(on_polars(frames())) == 2.0  # type: ignore[arg-type]


@pytest.mark.parametrize("engine_name", ["duckdb", "spark", "bigquery", "snowflake"])
def test_duckdb_spark_bigquery_and_snowflake_pick_the_same_first_order(build: Build) -> None:
    assert new_customers(build(frames())) == 2.0  # type: ignore[arg-type]


def test_postgresql_with_a_linguistic_collation_picks_the_same_first_order(
    postgres_schema: tuple[str, str],
) -> None:
    url, schema = postgres_schema
    warehouse.upload(url, schema, frames(), password=None)  # type: ignore[arg-type]
    with psycopg.connect(url, autocommit=True) as connection:
        [(icu,)] = connection.execute(
            "SELECT count(*) FROM pg_collation WHERE collname = 'und-x-icu'"
        ).fetchall()
        assert icu == 1, "Debian's PostgreSQL is built with ICU"
        connection.execute(
            f'ALTER TABLE "{schema}".orders ALTER COLUMN order_id TYPE text '
            'COLLATE "und-x-icu"'.encode()
        )
        [(linguistic,)] = connection.execute(
            f'SELECT min(order_id) FROM "{schema}".orders WHERE customer_id = %s', ("K9",)
        ).fetchall()
        assert linguistic == "a-2"  # what the database alone would call the first order
    tables = {name: f"{schema}.{name}" for name in frames()}
    opened = warehouse.connect(url, tables, password=None)
    try:
        model = on_run(opened.run, opened.relations(), opened.read_planning())
        assert new_customers(model) == 2.0
    finally:
        opened.close()
