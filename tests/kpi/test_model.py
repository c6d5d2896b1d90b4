"""Preparing the model: each customer's first order (kpi/model.py)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from contract.schema import ORDERS
from kpi.model import FIRST_ORDER_GROUPS, ONLY_ORDER
from tests.kpi.fixtures import fixture_model, frame, order


def _first_flags(
    rows: list[dict[str, object]], column: str = "is_first_order"
) -> dict[str, bool | None]:
    orders = fixture_model(orders=frame(ORDERS, rows)).facts["orders"]
    return dict(zip(orders["order_id"], orders[column], strict=True))


def test_the_first_order_is_the_earliest_then_the_lowest_id_in_bytes() -> None:
    rows = [
        order("O3", date(2025, 3, 5), "L1", "dtc", "EU", "K1", 1, 10.0),
        order("a-2", date(2025, 3, 3), "L2", "dtc", "EU", "K9", 1, 40.0),
        order("O1", date(2025, 3, 9), "L1", "dtc", "EU", "K1", 1, 10.0),
        order("B-1", date(2025, 3, 3), "L1", "dtc", "EU", "K9", 1, 60.0),  # "B" < "a"
        order("O7", date(2025, 3, 1), "L1", "dtc", "EU", None, 1, 10.0),
    ]
    assert _first_flags(rows) == {"O3": True, "a-2": False, "O1": False, "B-1": True, "O7": None}


def test_only_orders_are_those_of_customers_with_one_order() -> None:
    rows = [
        order("O1", date(2025, 3, 5), "L1", "dtc", "EU", "K1", 1, 10.0),
        order("O2", date(2025, 3, 6), "L1", "dtc", "EU", "K2", 1, 10.0),
        order("O3", date(2025, 3, 9), "L1", "dtc", "EU", "K1", 1, 10.0),
        order("O4", date(2025, 3, 1), "L1", "dtc", "EU", None, 1, 10.0),
    ]
    only = _first_flags(rows, ONLY_ORDER)
    # No customer id: not a customer's only order (a distinct count skips it).
    assert only == {"O1": False, "O2": True, "O3": False, "O4": False}


def test_every_customer_has_one_first_order_whichever_group_it_falls_in() -> None:
    """Hundreds of customers in shuffled rows: every group of customers is worked."""
    chance = random.Random(13)
    rows, expected = [], {}
    for customer in range(40 * FIRST_ORDER_GROUPS):
        days = [date(2025, 1, 1) + timedelta(days=chance.randrange(60)) for _ in range(4)]
        ids = [f"O{customer}-{chance.randrange(10)}{n}" for n in range(4)]
        first = min(zip(days, ids, strict=True))
        for day, order_id in zip(days, ids, strict=True):
            rows.append(order(order_id, day, "L1", "dtc", "EU", f"K{customer}", 1, 1.0))
            expected[order_id] = (day, order_id) == first
    rows.append(order("O-once", date(2025, 1, 1), "L1", "dtc", "EU", "K-once", 1, 1.0))
    expected["O-once"] = True
    chance.shuffle(rows)
    assert _first_flags(rows) == expected
    only = _first_flags(rows, ONLY_ORDER)
    assert [order_id for order_id, alone in only.items() if alone] == ["O-once"]
