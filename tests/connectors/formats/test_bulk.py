"""Parquet sources that hold a canonical table, dtypes included, are checked in bulk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from connectors import SourceConfig, read_source, read_upload
from contract.schema import EVENTS, TARGETS


def targets(rows: list[tuple[object, ...]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=TARGETS.schema, orient="row")


GOOD = (date(2026, 1, 1), date(2026, 1, 31), "GLOW", "revenue", 1000.0)


def test_a_canonical_parquet_source_is_kept_row_for_row(tmp_path: Path) -> None:
    frame = targets([GOOD, (date(2026, 2, 1), date(2026, 2, 28), None, "mqls", 50.0)])
    frame.write_parquet(tmp_path / "targets.parquet")
    source = SourceConfig(name="Plan", kind="file", path=tmp_path / "targets.parquet")
    read = read_source(source, credentials=None, snapshot_dir=tmp_path / "snaps")
    assert read.health.format == "canonical_targets"
    assert read.tables["targets"].equals(frame)
    assert (read.health.rows_read, read.health.rows_kept, read.health.rows_refused) == (2, 2, 0)


def test_bad_rows_are_refused_in_bulk_with_row_column_and_reason(tmp_path: Path) -> None:
    frame = targets(
        [
            GOOD,
            (date(2026, 2, 1), None, "GLOW", "mqls", 50.0),
            GOOD,
            (date(2026, 3, 1), date(2026, 3, 31), "GLOW", "mqls", None),
        ]
    )
    frame.write_parquet(tmp_path / "targets.parquet")
    events = pl.DataFrame(
        [(date(2026, 1, 5), None, None, "webinar", "Spring call", None)],
        schema=EVENTS.schema,
        orient="row",
    )
    events.write_parquet(tmp_path / "events.parquet")
    source = SourceConfig(name="Plan", kind="folder", path=tmp_path)
    read = read_source(source, credentials=None, snapshot_dir=tmp_path / "snaps")
    assert read.tables["targets"].equals(frame.head(1))
    assert read.tables["events"].is_empty()
    assert [(r.file, r.line, r.column, r.reason) for r in read.health.refused] == [
        (
            "events.parquet",
            1,
            "kind",
            "kind is not one of launch_event, campaign, pr, stockout, price_change, other",
        ),
        ("targets.parquet", 2, "period_end", "period_end is empty but required"),
        (
            "targets.parquet",
            3,
            "period_start",
            "repeats the key (period_start, kpi, launch_id) of an earlier row",
        ),
        ("targets.parquet", 4, "target", "target is empty but required"),
    ]


def test_an_upload_never_takes_the_in_process_path(tmp_path: Path) -> None:
    path = tmp_path / "targets.parquet"
    targets([GOOD]).write_parquet(path)
    read = read_upload("targets.parquet", path.read_bytes())
    assert read.health.error is None
    assert read.health.format == "canonical_targets"
    assert read.tables["targets"].equals(targets([GOOD]))


def test_other_dtypes_take_the_general_path(tmp_path: Path) -> None:
    text = targets([GOOD]).with_columns(pl.col("target").cast(pl.String))
    text.write_parquet(tmp_path / "targets.parquet")
    source = SourceConfig(name="Plan", kind="file", path=tmp_path / "targets.parquet")
    read = read_source(source, credentials=None, snapshot_dir=tmp_path / "snaps")
    assert read.health.format == "canonical_targets"
    assert read.tables["targets"]["target"].to_list() == [1000.0]
