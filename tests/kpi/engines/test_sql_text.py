"""The translation of polars expressions to SQL: known nodes written out, others refused."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
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


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_sorted_search_on_literal_values_gives_polars_positions(side: str) -> None:
    starts = pl.Series([date(2026, 1, 1), date(2026, 1, 5), date(2026, 2, 1)], dtype=pl.Date)
    days = pl.DataFrame(
        {"day": [None, date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 4), date(2026, 3, 1)]}
    )
    position = pl.lit(starts).search_sorted(pl.col("day"), side=side)  # type: ignore[arg-type]
    # By hand: how many starts lie before each day (with the day itself when "right").
    before = [0, 0, 0 if side == "left" else 1, 1, 3]
    assert days.select(position.alias("p"))["p"].to_list() == before  # polars, the reference
    connection = duckdb.connect()
    found = connection.execute(f"SELECT {to_sql(position, DUCKDB)} FROM days").fetchall()
    assert [row[0] for row in found] == before


def test_a_percentile_is_exact_and_linear() -> None:
    values = pl.DataFrame({"x": [1.0, 2.0, 4.0, 10.0]})
    # Position 0.9 * 3 = 2.7: 4 + 0.7 * (10 - 4).
    p90 = DUCKDB.quantile('"x"', 0.9)
    assert duckdb.connect().execute(f"SELECT {p90} FROM values").fetchall()[0][0] == pytest.approx(
        8.2, rel=1e-12
    )
    assert values.select(pl.col("x").quantile(0.9, interpolation="linear")).item() == pytest.approx(
        8.2, rel=1e-12
    )
