"""What differs between the warehouses' SQL, each against polars: text literals (quotes,
backslashes, line breaks), durations, the exact median and 90th percentile on small and
empty groups, and instants written as each vendor compares them. BigQuery and Snowflake
are their SQL read by sqlglot and run on DuckDB (tests/kpi/engines/transpiled.py)."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

import connectors.demo
from kpi.engines import spark
from kpi.engines.bigquery import BIGQUERY
from kpi.engines.snowflake import SNOWFLAKE
from kpi.engines.spark import SPARK
from kpi.engines.sql_literals import in_unit
from kpi.engines.sql_text import to_sql
from kpi.engines.warehouses import DIALECTS
from kpi.handoff import speed_to_lead
from kpi.table import kpi_table
from tests.kpi.engines.conftest import on_polars
from tests.kpi.engines.test_conformance import views
from tests.kpi.engines.transpiled import Transpiled

VENDORS = ("bigquery", "snowflake")
AWKWARD = ["O'Brien", "back\\slash", "two\nlines", "tab\there", "'; DROP TABLE leads; --", "\\'"]


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("value", AWKWARD)
def test_a_text_literal_means_the_same_text(vendor: str, value: str) -> None:
    sql = to_sql(pl.lit(value) == pl.col("x"), DIALECTS[vendor])  # type: ignore[index]
    literal = sql.removeprefix("(").split(" = ")[0]
    assert Transpiled(vendor).run(f"SELECT {literal}") == [(value,)]  # type: ignore[arg-type]


@pytest.mark.parametrize("value", AWKWARD)
def test_a_text_literal_means_the_same_text_on_spark(value: str) -> None:
    # Spark SQL reads backslash escapes: written as other dialects write text,
    # "back\\slash" came back as "back", a backspace and "lash", and "\\'" broke the query.
    literal = to_sql(pl.lit(value) == pl.col("x"), SPARK).removeprefix("(").split(" = ")[0]
    assert spark.session().sql(f"SELECT {literal}").collect()[0][0] == value


@pytest.mark.parametrize(
    ("micros", "bigquery", "snowflake"),
    [
        (24 * 3_600_000_000, "INTERVAL 1 DAY", "INTERVAL '1 DAY'"),
        (36 * 3_600_000_000, "INTERVAL 36 HOUR", "INTERVAL '36 HOUR'"),
        (90 * 60_000_000, "INTERVAL 90 MINUTE", "INTERVAL '90 MINUTE'"),
        (1_500_000, "INTERVAL 1500 MILLISECOND", "INTERVAL '1500 MILLISECOND'"),
        (7, "INTERVAL 7 MICROSECOND", "INTERVAL '7 MICROSECOND'"),
    ],
)
def test_a_duration_is_a_small_count_of_its_largest_whole_unit(
    micros: int, bigquery: str, snowflake: str
) -> None:
    assert (BIGQUERY.interval(micros), SNOWFLAKE.interval(micros)) == (bigquery, snowflake)
    count, unit = in_unit(micros)
    moment = datetime(2026, 1, 31, 23, 59, 59)
    for vendor, dialect in (("bigquery", BIGQUERY), ("snowflake", SNOWFLAKE)):
        sql = f"SELECT {dialect.timestamp(moment)} + {dialect.interval(micros)}"
        expected = pl.Series([moment]).dt.offset_by(f"{micros}us")[0]
        assert Transpiled(vendor).run(sql) == [(expected,)], (vendor, count, unit)  # type: ignore[arg-type]


GROUPS = {
    "none": [],
    "only nulls": [None, None],
    "one": [5.0],
    "two": [1.0, 4.0],
    "odd with a null": [3.0, None, 1.0, 2.0],
    "ten": [float(v) for v in (9, 1, 8, 2, 7, 3, 6, 4, 5, 10)],
    "eleven": [0.1 * v for v in range(11)],
}


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("q", [0.5, 0.9])
def test_the_median_and_90th_percentile_are_exact_as_polars(vendor: str, q: float) -> None:
    duck = Transpiled(vendor)  # type: ignore[arg-type]
    dialect = DIALECTS[vendor]  # type: ignore[index]
    for name, values in GROUPS.items():
        rows = " UNION ALL ".join(
            f"SELECT CAST({'NULL' if v is None else repr(v)} AS {dialect.double}) AS x"
            for v in values or [None]
        )
        where = "" if values else " WHERE FALSE"
        sql = f"SELECT {dialect.quantile('x', q)} FROM ({rows}) AS t{where}"
        (found,) = duck.run(sql)[0]
        expected = pl.Series(values, dtype=pl.Float64).quantile(q, interpolation="linear")
        if expected is None:
            assert found is None, name
        else:
            assert found == pytest.approx(expected, rel=1e-12, abs=1e-12), name


@pytest.mark.parametrize("vendor", VENDORS)
def test_instants_are_written_as_the_vendor_compares_them_with_its_columns(vendor: str) -> None:
    """BigQuery compares a DATETIME column with DATETIME literals only (TIMESTAMP is
    another type there); Snowflake's bare TIMESTAMP follows the account's mapping."""
    frames = connectors.demo.generate(n_leads=300)
    duck = Transpiled(vendor)  # type: ignore[arg-type]
    model = duck.load(frames)
    filters = views(on_polars(frames))[0]
    kpi_table(model, filters)
    speed_to_lead(model, filters)
    sent = " ".join(duck.sent)
    assert "TIMESTAMP '" not in sent
    instant = {"bigquery": "DATETIME '", "snowflake": "AS TIMESTAMP_NTZ)"}[vendor]
    assert instant in sent
