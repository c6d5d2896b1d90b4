from datetime import date

import polars as pl

from contract.schema import TABLES, check_frame


def valid_targets() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "period_start": [date(2026, 1, 1)],
            "period_end": [date(2026, 1, 31)],
            "launch_id": ["GLOW"],
            "kpi": ["revenue"],
            "target": [1000.0],
        },
        schema_overrides={"launch_id": pl.Categorical},
    )


def test_every_table_empty_frame_is_valid() -> None:
    assert {name: check_frame(name, spec.empty()) for name, spec in TABLES.items()} == {
        name: [] for name in TABLES
    }


def test_the_ten_canonical_tables() -> None:
    assert list(TABLES) == [
        "launches",
        "spend",
        "leads",
        "deals",
        "orders",
        "targets",
        "events",
        "launch_rules",
        "channel_rules",
        "fx_rates",
    ]


def test_valid_frame_has_no_problems() -> None:
    assert check_frame("targets", valid_targets()) == []


def test_unknown_table() -> None:
    assert check_frame("budgets", valid_targets()) == [
        "'budgets' is not a canonical table (expected one of: launches, spend, leads, deals, "
        "orders, targets, events, launch_rules, channel_rules, fx_rates)"
    ]


def test_missing_wrong_and_extra_columns() -> None:
    frame = (
        valid_targets()
        .drop("kpi")
        .with_columns(pl.col("target").cast(pl.String), owner=pl.lit("x"))
    )
    assert check_frame("targets", frame) == [
        "targets: column 'kpi' is missing",
        "targets: column 'target' should be Float64 but is String",
        "targets: unexpected column(s) owner",
    ]


def test_nulls_in_required_columns_and_duplicate_keys() -> None:
    frame = pl.concat([valid_targets(), valid_targets()]).with_columns(
        target=pl.Series([1.0, None])
    )
    assert check_frame("targets", frame) == [
        "targets: 1 row(s) have no 'target', which is required",
        "targets: 1 row(s) repeat a key (period_start, kpi, launch_id) already seen",
    ]


def test_values_outside_the_allowed_set() -> None:
    events = pl.DataFrame(
        {
            "date": [date(2026, 1, 1), date(2026, 1, 2)],
            "end_date": [None, None],
            "launch_id": [None, None],
            "kind": ["webinar", "pr"],
            "title": ["a", "b"],
            "notes": [None, None],
        },
        schema=TABLES["events"].schema,
    )
    assert check_frame("events", events) == [
        "events: column 'kind' has 1 value(s) outside launch_event, campaign, pr, stockout, "
        "price_change, other (e.g. webinar)"
    ]
