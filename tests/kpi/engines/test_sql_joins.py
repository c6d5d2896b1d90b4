"""A statement is joined only to what it names (kpi/engines/sql.py `JOINED`).

The first-order join was most of the work of every query over orders at 10M leads,
including those that never ask who is a new customer. Values are held equal to polars,
joined or not, by test_conformance.py; here, that the join is left out when it can be.
"""

from __future__ import annotations

from datetime import date

from kpi.engines import duck, spark
from kpi.engines.sql import SqlEngine
from kpi.model import Model
from tests.kpi.fixtures import fixture_frames


def sql_engine(model: Model) -> SqlEngine:
    assert isinstance(model.engine, SqlEngine)
    return model.engine


def test_a_query_that_does_not_name_the_first_order_flag_reads_orders_alone() -> None:
    model = duck.on_frames(fixture_frames())
    engine = sql_engine(model)
    plain = engine.query("orders", ['SUM("revenue")'], "\"sales_channel\" = 'dtc'", model)
    flagged = engine.query("orders", ['SUM(CASE WHEN "is_first_order" THEN 1 END)'], None, model)
    assert "JOIN" not in plain
    joined = (
        'LEFT JOIN first_orders AS o ON t."customer_id" = o."customer_id" AND t."date" = o."date"'
    )
    assert joined in flagged
    assert engine.run(plain) == [(50.0 + 100.0 + 20.0 + 150.0,)]  # O1, O2, O5, O6


def test_a_deal_gets_its_leads_channel_only_when_asked() -> None:
    model = duck.on_frames(fixture_frames())
    engine = sql_engine(model)
    assert "JOIN" not in engine.query("deals", ['SUM("amount")'], None, model)
    by_channel = engine.query("deals", ["COUNT(*)"], "\"channel\" = 'paid_social'", model)
    assert 'LEFT JOIN (SELECT "lead_id", MIN("channel")' in by_channel


def test_duckdb_keeps_each_customers_first_order_in_a_table_of_its_own() -> None:
    engine = sql_engine(duck.on_frames(fixture_frames()))
    assert engine.first_orders == "first_orders"
    kept = sorted(engine.run('SELECT "customer_id", "date", "first_id" FROM first_orders'))
    assert kept == sorted(engine.run(engine.first_orders_query()))
    # K1's first order is O1 on 20 Feb, not O2 in March; O5 has no customer.
    assert kept == [("K1", date(2025, 2, 20), "O1"), ("K2", date(2025, 3, 5), "O3"),
                    ("K3", date(2025, 3, 12), "O6")]  # fmt: skip


def test_spark_caches_the_newest_models_first_orders_and_an_older_one_still_answers() -> None:
    older, newer = (sql_engine(spark.on_frames(fixture_frames())) for _ in range(2))
    assert older.first_orders is not None and newer.first_orders is not None
    catalog = spark.session().catalog
    assert not catalog.isCached(older.first_orders)
    assert catalog.isCached(newer.first_orders)
    kept = f"SELECT customer_id, first_id FROM {older.first_orders}"
    assert sorted(older.run(kept)) == [("K1", "O1"), ("K2", "O3"), ("K3", "O6")]
