"""The translation of polars expressions to SQL: known nodes written out, others refused."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from kpi.engines.duck import DUCKDB
from kpi.engines.sql_text import Untranslatable, to_sql


def test_a_condition_is_written_out_with_its_literals() -> None:
    condition = (pl.col("mql_at") >= datetime(2026, 1, 2, 3, 4, 5)) & pl.col("region").is_in(
        ["EU", "O'Neil"]
    )
    assert to_sql(condition, DUCKDB) == (
        "((\"mql_at\" >= TIMESTAMP '2026-01-02 03:04:05.000000') AND "
        "(\"region\" IN ('EU', 'O''Neil')))"
    )


def test_a_date_range_and_an_hour_difference() -> None:
    between = pl.col("date").is_between(date(2026, 1, 1), date(2026, 1, 31))
    assert to_sql(between, DUCKDB) == "(\"date\" BETWEEN DATE '2026-01-01' AND DATE '2026-01-31')"
    hours = (pl.col("b") - pl.col("a")).dt.total_microseconds() / 3_600_000_000
    assert to_sql(hours, DUCKDB) == '(CAST((epoch_us("b") - epoch_us("a")) AS DOUBLE) / 3600000000)'


def test_an_unknown_node_is_refused_by_name() -> None:
    with pytest.raises(Untranslatable, match="StartsWith"):
        to_sql(pl.col("campaign").str.starts_with("x"), DUCKDB)
