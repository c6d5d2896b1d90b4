"""The bulk casts give exactly what the cell-by-cell rules give, on any text.

Every check compares the two paths on the same rows: the canonical adapter's own
reader (connectors/formats/mapping.py, one cell at a time) against connectors/
formats/bulk.py. Frames, refusals (line, column, reason), warnings and counts must be
equal, and a file one refuses whole the other refuses with the same words.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import RefusedFile
from connectors.formats import bulk_text, dates, values
from connectors.formats.adapters import ADAPTERS
from connectors.formats.adapters.base import Context
from connectors.formats.bulk import from_raw
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

NUMBERS = [
    "1", "1.5", "1,5", "1.234", "1,234", "1,234.5", "1.234,5", "(12.50)", "77.77%", "$1,200.00",
    "USD 40", "40 EUR", " --", "", "-", "nan", "inf", "1e5", "abc", "١٢", "1_000", "+3", "-0",
    "12.0", "9007199254740993", "1" * 400, "1 234", "1'234", ".5", "5.", "R$ 3", "€4", "x\x1c",
    "0.1", "-7",
]  # fmt: skip
DATES = [
    "2024-01-05", "2024-1-5", "Jan 5, 2024", "5 March 2024", "2024-02-30", "2024-02-29",
    "2023-02-29", "2024-01-05T10:00:00Z", "2024-01-05 10:00:00.123+02:00", "2024-01-05 25:00",
    "", "n/a", "x", "0000-01-01", "2024-01-05\x1c", "3/3/2024", "12/12/2024 12:30 am",
]  # fmt: skip
# A column is either day/month or month/day (mixing them refuses the file whole).
DAY_FIRST = ["13/01/2024", "05/01/2024", "05.01.2024", "31/12/24 23:59", "29/02/2023"]
MONTH_FIRST = ["1/13/2024", "01/05/2024", "1/5/24 9:05 PM", "2/30/2024", "12/31/2024 11:59 PM"]
TEXT = ["GLOW", " GLOW ", "n/a", "None", "NULL", "1001.0", "١٢.0", "x\x00y", "a\x1cb", "", "-"]
BOOLS = ["yes", "No", "TRUE", "0", "1", "x", "None", "NA", "", "won", " t "]
CHANNELS = ["dtc", "retail", "pro", "web", "", "DTC"]

ORDERS = {
    "order_id": [*TEXT, "o1", "o2", "o3"],
    "date": DATES + DAY_FIRST,
    "launch_id": TEXT,
    "channel": CHANNELS,
    "units": NUMBERS,
    "revenue": NUMBERS,
    "customer_id": TEXT,
}
DEALS = {
    "deal_id": ["d1", "d2", "d3", "", "d1.0"],
    "created_at": DATES + MONTH_FIRST,
    "closed_at": DATES + DAY_FIRST,
    "is_won": BOOLS,
    "amount": NUMBERS,
    "source": ["marketing", "sales", "", "ads"],
    "extra column": ["anything"],
}


def table(columns: dict[str, list[str]]) -> st.SearchStrategy[list[list[str]]]:
    row = st.tuples(*(st.sampled_from(choices) for choices in columns.values())).map(list)
    return st.lists(row, min_size=1, max_size=12)


def both_paths(name: str, header: list[str], rows: list[list[str]]) -> None:
    """The cell path and the bulk path agree on these rows, to the last refusal."""
    raw = RawTable("f.csv", header, rows, [i + 2 for i in range(len(rows))])
    raw = RawTable(raw.file, header, *_non_blank(raw))
    adapter = ADAPTERS[f"canonical_{name}"]
    cell_health, bulk_health = DataHealth("s"), DataHealth("s")
    try:
        expected = adapter.read(raw, Context([]), cell_health)[name]
    except RefusedFile as exc:
        with pytest.raises(RefusedFile) as refused:
            from_raw(raw, adapter, bulk_health)
        assert str(refused.value) == str(exc)
        return
    got = from_raw(raw, adapter, bulk_health)
    assert got.to_dicts() == expected.to_dicts()
    assert got.schema == expected.schema
    assert bulk_health == cell_health


def _non_blank(raw: RawTable) -> tuple[list[list[str]], list[int]]:
    kept = [(r, n) for r, n in zip(raw.rows, raw.lines, strict=True) if any(c.strip() for c in r)]
    return [r for r, _ in kept], [n for _, n in kept]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table(ORDERS))
def test_orders_read_the_same_cell_by_cell_and_in_bulk(rows: list[list[str]]) -> None:
    both_paths("orders", list(ORDERS), rows)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table(DEALS))
def test_deals_read_the_same_cell_by_cell_and_in_bulk(rows: list[list[str]]) -> None:
    both_paths("deals", list(DEALS), rows)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*NUMBERS, None]), max_size=8), st.sampled_from([".", ","]))
def test_the_decimal_mark_is_decided_as_the_cell_rules_decide_it(
    cells: list[str | None], default: str
) -> None:
    expected = values.infer_decimal_mark([c for c in cells if c is not None], default)
    assert bulk_text.decimal_mark(pl.Series(cells, dtype=pl.String), default) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*DATES, *DAY_FIRST, *MONTH_FIRST, None]), max_size=8))
def test_the_day_month_order_is_decided_as_the_cell_rules_decide_it(
    cells: list[str | None],
) -> None:
    series = pl.Series(cells, dtype=pl.String)
    try:
        expected = dates.infer_order([c for c in cells if c is not None], "when")
    except RefusedFile as exc:
        with pytest.raises(RefusedFile) as refused:
            bulk_text.date_order(series, "when")
        assert str(refused.value) == str(exc)
        return
    assert bulk_text.date_order(series, "when") == expected


def test_rows_with_cells_past_the_header_are_refused_as_by_the_cell_rules() -> None:
    header = ["order_id", "date", "launch_id", "revenue"]
    rows = [
        ["o1", "2024-01-05", "GLOW", "10"],
        ["o2", "2024-01-05", "GLOW", "10", "stray"],
        ["o3", "2024-01-05", "GLOW", "10", "  "],
        ["o1", "2024-01-06", "GLOW", "11"],
    ]
    both_paths("orders", header, rows)
    health = DataHealth("s")
    raw = RawTable("f.csv", header, rows, [2, 3, 4, 5])
    frame = from_raw(raw, ADAPTERS["canonical_orders"], health)
    assert frame["order_id"].to_list() == ["o1", "o3"]
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (
            3,
            None,
            "has 5 cells where the header has 4: a value holding the delimiter without "
            "quotes would shift every cell after it",
        ),
        (5, "order_id", "repeats the key o1 already read on line 2"),
    ]


def test_the_spaces_stripped_in_bulk_are_the_ones_python_strips() -> None:
    spaces = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    assert spaces == bulk_text._SPACES


# Columns of nothing but ISO dates and times (and empty cells) take a faster path.
ISO = [
    "2024-01-05", "2024-01-05 10:00:00", "2024-01-05T23:59:59.5", "2024-02-30", "0000-01-01",
    "2023-02-29 12:00:00", "2024-12-31T00:00:00", "2024-02-29 23:59:59.999999", "", "n/a",
]  # fmt: skip
LEADS = {"lead_id": ["L1", "L2", "L3"], "created_at": ISO, "launch_id": TEXT, "mql_at": ISO}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table(LEADS))
def test_iso_columns_read_the_same_cell_by_cell_and_in_bulk(rows: list[list[str]]) -> None:
    both_paths("leads", list(LEADS), rows)
