"""Canonical files are read in bulk whatever wrote them: polars, pandas, DuckDB, Tandem."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from connectors import SourceConfig, read_source, read_upload
from connectors.health import DataHealth
from contract.schema import ORDERS, TARGETS

# Three orders as a shop's pipeline would hold them; `currency` was never filled in.
EXPECTED_ORDERS = pl.DataFrame(
    {
        "order_id": ["o1", "o2", "o3"],
        "date": [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 31)],
        "launch_id": ["GLOW", "(unassigned)", "GLOW"],
        "sku": ["SKU-1", None, "SKU-2"],
        "channel": ["dtc", "retail", None],
        "region": ["EU", "UK", "EU"],
        "customer_id": ["c1", "c2", None],
        "units": [1, 3, None],
        "revenue": [19.5, 120.0, 0.25],
        "currency": [None, None, None],
    },
    schema=ORDERS.schema,
)


def pandas_orders() -> pd.DataFrame:
    """The orders as pandas holds them: datetimes, int32 counts, an all-None column."""
    frame = pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3"],
            "date": pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-31"]),  # ns
            "launch_id": ["GLOW", None, "GLOW"],
            "sku": ["SKU-1", None, "SKU-2"],
            "channel": ["dtc", "retail", None],
            "region": ["EU", "UK", "EU"],
            "customer_id": ["c1", "c2", None],
            "units": pd.array([1, 3, None], dtype="Int32"),
            "revenue": [19.5, 120.0, 0.25],
            "currency": [None, None, None],
        }
    )
    return frame


def read_file(path: Path, table: str = "orders") -> tuple[pl.DataFrame, DataHealth]:
    source = SourceConfig(name="Shop", kind="file", path=path, table=table)
    read = read_source(source, credentials=None, snapshot_dir=path.parent / "snaps")
    assert read.health.error is None, read.health.error
    return read.tables[table], read.health


def test_the_same_orders_written_by_polars_pandas_and_duckdb_read_back_identical(
    tmp_path: Path,
) -> None:
    written = pandas_orders()
    polars_file = tmp_path / "polars.parquet"
    pl.from_pandas(written).with_columns(
        pl.col("date").dt.date(), pl.col("units").cast(pl.Int64)
    ).write_parquet(polars_file)
    pandas_file = tmp_path / "pandas.parquet"
    written.to_parquet(pandas_file, index=False)
    assert pl.read_parquet_schema(pandas_file)["currency"] == pl.Null
    assert pl.read_parquet_schema(pandas_file)["units"] == pl.Int32
    pandas_csv = tmp_path / "pandas.csv"
    written.to_csv(pandas_csv, index=False)
    duckdb_file, duckdb_csv = tmp_path / "duckdb.parquet", tmp_path / "duckdb.csv"
    db = duckdb.connect()
    db.execute(
        f"""
        CREATE TABLE orders AS SELECT order_id, "date"::DATE AS "date", launch_id, sku,
          channel, region, customer_id, units::INTEGER AS units,
          revenue::DECIMAL(18, 2) AS revenue, NULL AS currency
        FROM read_parquet('{pandas_file}');
        COPY orders TO '{duckdb_file}' (FORMAT parquet);
        COPY orders TO '{duckdb_csv}' (HEADER);
        """
    )
    assert isinstance(pl.read_parquet_schema(duckdb_file)["revenue"], pl.Decimal)

    for path in (polars_file, pandas_file, pandas_csv, duckdb_file, duckdb_csv):
        frame, health = read_file(path)
        assert frame.to_dicts() == EXPECTED_ORDERS.to_dicts(), path.name
        assert frame.schema == EXPECTED_ORDERS.schema, path.name
        assert (health.rows_read, health.rows_kept, health.refused) == (3, 3, []), path.name


def test_zoned_and_nanosecond_timestamps_keep_their_wall_clock_time(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "lead_id": ["L1", "L2"],
            # 23:30 in Paris on 31 March is still 31 March there (21:30 UTC).
            "created_at": pd.to_datetime(
                ["2026-03-31 23:30:15.123456789", "2026-04-01 08:00:00.000000000"]
            ).tz_localize("Europe/Paris"),
            "launch_id": ["GLOW", "GLOW"],
        }
    )
    frame.to_parquet(tmp_path / "leads.parquet", index=False)
    leads, _ = read_file(tmp_path / "leads.parquet", "leads")
    assert leads["created_at"].to_list() == [
        datetime(2026, 3, 31, 23, 30, 15),  # whole seconds, as every export is read
        datetime(2026, 4, 1, 8, 0),
    ]


def test_bad_rows_of_a_pandas_file_are_refused_with_line_column_and_reason(
    tmp_path: Path,
) -> None:
    frame = pandas_orders()
    frame["revenue"] = [19.5, float("nan"), 0.25]  # pandas writes NaN as an empty cell
    frame["units"] = [1.0, 3.0, 2.5]  # pandas' floats for counts; 2.5 is no count
    extra = pd.DataFrame(
        {
            "order_id": ["o1", "o4", "o5"],
            "date": pd.to_datetime(["2026-03-03", None, "2026-03-04"]),
            "channel": ["dtc", "dtc", "web"],
            "revenue": [5.0, 5.0, 5.0],
        }
    )
    pd.concat([frame, extra], ignore_index=True).to_parquet(tmp_path / "o.parquet", index=False)
    orders, health = read_file(tmp_path / "o.parquet")
    assert orders["order_id"].to_list() == ["o1"]
    # Row numbers count the header as row 1, as a spreadsheet shows the file.
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (3, "revenue", "no value in 'revenue', needed for revenue"),
        (4, "units", "'2.5' is not a whole number"),
        (5, "order_id", "repeats the key o1 already read on line 2"),
        (6, "date", "no value in 'date', needed for date"),
        (7, None, "channel 'web' is not one of dtc, retail, pro"),
    ]
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (6, 1, 5)


def test_an_upload_is_decoded_in_a_child_and_read_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    pandas_orders().to_parquet(path, index=False)
    upload = read_upload("orders.parquet", path.read_bytes())
    assert upload.health.error is None
    assert upload.health.format == "canonical_orders"
    assert upload.tables["orders"].to_dicts() == EXPECTED_ORDERS.to_dicts()


def test_text_where_numbers_were_meant_is_typed_by_the_cell_rules(tmp_path: Path) -> None:
    rows = {
        "period_start": ["2026-01-01", "2026-02-01"],
        "period_end": ["31/01/2026", "28/02/2026"],  # day/month, settled by "31"
        "launch_id": ["GLOW", None],
        "kpi": ["revenue", "mqls"],
        "target": ["€1.000,50", "50"],  # a decimal comma, a currency sign
    }
    pl.DataFrame(rows).write_parquet(tmp_path / "targets.parquet")
    targets, health = read_file(tmp_path / "targets.parquet", "targets")
    assert health.format == "canonical_targets"
    assert targets.to_dicts() == [
        {
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 1, 31),
            "launch_id": "GLOW",
            "kpi": "revenue",
            "target": 1000.5,
        },
        {
            "period_start": date(2026, 2, 1),
            "period_end": date(2026, 2, 28),
            "launch_id": None,
            "kpi": "mqls",
            "target": 50.0,
        },
    ]
    assert targets.schema == TARGETS.schema


def test_a_nan_amount_is_refused_not_summed(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"order_id": ["o1", "o2"], "date": [date(2026, 3, 1)] * 2, "revenue": [float("nan"), 2.0]}
    )
    frame.write_parquet(tmp_path / "o.parquet")
    orders, health = read_file(tmp_path / "o.parquet")
    assert orders["revenue"].to_list() == [2.0]
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (2, "revenue", "'nan' is not a number")
    ]


@pytest.mark.parametrize("empty", [None, "  "])
def test_rows_with_no_value_at_all_are_not_data(tmp_path: Path, empty: str | None) -> None:
    frame = pl.DataFrame(
        {"order_id": ["o1", empty], "date": [date(2026, 3, 1), None], "revenue": [1.0, None]},
        schema={"order_id": pl.String, "date": pl.Date, "revenue": pl.Float64},
    )
    frame.write_parquet(tmp_path / "o.parquet")
    orders, health = read_file(tmp_path / "o.parquet")
    assert orders["order_id"].to_list() == ["o1"]
    assert (health.rows_read, health.rows_kept, health.refused) == (1, 1, [])


def test_text_to_clean_deep_in_a_parquet_file_is_cleaned_as_the_cell_rules_clean_it(
    tmp_path: Path,
) -> None:
    # The bytes of text columns are checked batch by batch while the file is decoded
    # (65,536 rows a batch): a padded id, a control character and a null token in the
    # second batch must still reach the text rules.
    n = 70_000
    order_id = [f"o{i}" for i in range(n)]
    order_id[n - 2] = " o-padded "
    region = ["EU"] * n
    region[n - 3] = "n/a"
    sku = ["SKU-1"] * n
    sku[n - 1] = "SKU\x072"
    frame = pl.DataFrame(
        {
            "order_id": order_id,
            "date": [date(2026, 3, 1)] * n,
            "launch_id": ["GLOW"] * n,
            "sku": sku,
            "region": region,
            "revenue": [1.0] * n,
        }
    )
    frame.write_parquet(tmp_path / "orders.parquet", row_group_size=40_000)
    orders, health = read_file(tmp_path / "orders.parquet")
    assert orders.height == n and health.rows_refused == 0
    assert orders["order_id"][n - 2] == "o-padded"
    assert orders["region"][n - 3] is None
    assert orders["region"].null_count() == 1
    assert orders["sku"][n - 1] == "SKU\x072"  # kept: a control character is not a space
    assert orders["order_id"][:3].to_list() == ["o0", "o1", "o2"]


@pytest.mark.parametrize("arrow_type", ["string", "large_string"])
def test_the_byte_check_agrees_with_python_on_any_slice(arrow_type: str) -> None:
    import pyarrow as pa

    from connectors.formats.bulk_text import printable_ascii

    cells = ["ab", " a", "a ", "", None, "é", "a\tb", "~", "a b", "\x7f"]
    whole = pa.array(cells, type=getattr(pa, arrow_type)())
    for start in range(len(cells)):
        for stop in range(start, len(cells) + 1):
            part = [c for c in cells[start:stop] if c]
            expected = all(
                all(0x20 <= ord(ch) <= 0x7E for ch in c) and c[0] != " " and c[-1] != " "
                for c in part
            )
            assert printable_ascii(whole.slice(start, stop - start)) == expected, (start, stop)
