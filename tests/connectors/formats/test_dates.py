from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.errors import CellError, RefusedFile
from connectors.formats.dates import Order, day, infer_order, stamp


@pytest.mark.parametrize(
    ("column", "order"),
    [
        (["2018-02-01", "2018-12-31"], Order.YMD),
        (["2018.02.26 19:58"], Order.YMD),
        (["2/1/2018", "10/20/2017"], Order.MDY),
        (["01/02/2024", "25/02/2024"], Order.DMY),
        (["05/05/2024", ""], Order.DMY),  # day equals month: either order reads the same
    ],
)
def test_order_is_inferred_from_the_whole_column(column: list[str], order: Order) -> None:
    assert infer_order(column, "d") is order


def test_an_unsettled_column_is_refused_not_guessed() -> None:
    with pytest.raises(RefusedFile, match="column 'Close Date': dates such as 03/04"):
        infer_order(["03/04/2024", "01/02/2024"], "Close Date")


def test_a_column_mixing_orders_is_refused() -> None:
    with pytest.raises(RefusedFile, match="mixes day/month and month/day"):
        infer_order(["25/01/2024", "01/25/2024"], "d")


@pytest.mark.parametrize(
    ("raw", "order", "expected"),
    [
        ("2018-02-26 19:58:54", Order.YMD, datetime(2018, 2, 26, 19, 58, 54)),
        ("2018.02.26 19:58", Order.YMD, datetime(2018, 2, 26, 19, 58)),
        ("2/26/2018 19:58", Order.MDY, datetime(2018, 2, 26, 19, 58)),
        ("26/02/2018", Order.DMY, datetime(2018, 2, 26)),
        ("1/15/2024 9:05 PM", Order.MDY, datetime(2024, 1, 15, 21, 5)),
        ("1/15/2024 12:05 AM", Order.MDY, datetime(2024, 1, 15, 0, 5)),
        ("2024-01-15T10:00:00.123Z", Order.YMD, datetime(2024, 1, 15, 10)),
        ("2024-01-15 10:23:45 +0100", Order.YMD, datetime(2024, 1, 15, 10, 23, 45)),
        ("July 8, 2025", Order.YMD, datetime(2025, 7, 8)),
        ("8 Jul 2025", Order.YMD, datetime(2025, 7, 8)),
        ("15/01/24", Order.DMY, datetime(2024, 1, 15)),
        (" --", Order.YMD, None),
    ],
)
def test_timestamps(raw: str, order: Order, expected: datetime | None) -> None:
    assert stamp(raw, order) == expected


@pytest.mark.parametrize("raw", ["2024-02-30", "soon", "2024-01-01 25:00"])
def test_impossible_dates_are_cell_errors(raw: str) -> None:
    with pytest.raises(CellError, match=r"not a (valid )?date"):
        stamp(raw, Order.YMD)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_day_first_dates_round_trip_once_the_column_has_a_day_over_12(value: date) -> None:
    column = [f"{value.day}/{value.month}/{value.year}", "25/12/2020"]
    order = infer_order(column, "d")
    assert order is Order.DMY
    assert day(column[0], order) == value
