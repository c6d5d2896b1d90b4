"""Amounts converted once into the reporting currency when sources are combined.

Every expected figure is worked out by hand below from the rates in the fx_rates
file; nothing is computed with Tandem's code.
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from connectors.health import DataHealth
from connectors.sources.combine import combine
from connectors.sources.result import SourceRead
from contract.schema import TABLES, UNASSIGNED
from tests.connectors.conftest import only, read_text

# A rates sheet as a data owner keeps it: euros per unit, monthly for GBP, one USD rate.
FX = """\
date,currency,rate
2024-01-01,GBP,1.15
2024-02-01,GBP,1.17
2024-01-15,USD,0.92
"""


def _table(name: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    spec = TABLES[name]
    return pl.DataFrame(
        [{c: r.get(c) for c in spec.columns} for r in rows], schema=spec.schema, orient="row"
    )


def _deal(deal_id: str, amount: float, currency: str, closed: date | None) -> dict[str, object]:
    created = datetime(2024, 1, 2)
    return {
        "deal_id": deal_id,
        "launch_id": UNASSIGNED,
        "created_at": created,
        "closed_at": datetime(closed.year, closed.month, closed.day) if closed else None,
        "is_won": True if closed else None,
        "amount": amount,
        "currency": currency,
        "source": "marketing",
    }


def _reads() -> tuple[SourceRead, SourceRead, SourceRead]:
    rates, _ = read_text("fx.csv", FX)
    fx = SourceRead("rates", "file", {"fx_rates": only(rates, "fx_rates")}, DataHealth("rates"))
    crm = SourceRead(
        "crm",
        "file",
        {
            "deals": _table(
                "deals",
                [
                    _deal("D1", 1000.0, "EUR", date(2024, 1, 20)),
                    _deal("D2", 200.0, "GBP", date(2024, 1, 31)),  # January's GBP rate
                    _deal("D3", 300.0, "GBP", date(2024, 2, 1)),  # February's, from its day
                    _deal("D4", 50.0, "GBP", None),  # open: its creation, 2 Jan, January's
                    _deal("D5", 70.0, "CHF", date(2024, 2, 3)),  # no CHF rate at all
                    _deal("D6", 80.0, "USD", date(2024, 1, 10)),  # before the first USD rate
                    _deal("D7", 90.0, "EUR", date(2024, 1, 11)),
                    _deal("D8", 40.0, "EUR", None),
                ],
            )
        },
        DataHealth("crm"),
    )
    ads = SourceRead(
        "ads",
        "file",
        {
            "spend": _table(
                "spend",
                [
                    {
                        "date": date(2024, 1, 20),
                        "launch_id": UNASSIGNED,
                        "channel": "display",
                        "campaign": "c",
                        "spend": 10.0,
                        "conversion_value": 30.0,
                        "currency": "USD",
                    }
                ],
            )
        },
        DataHealth("ads"),
    )
    return fx, crm, ads


def test_amounts_are_converted_at_the_rate_of_their_day() -> None:
    fx, crm, ads = _reads()
    # No setting: the most common currency. EUR and GBP have 3 rows each; the tie goes
    # to the first in alphabetical order.
    tables = combine([fx, crm, ads])
    deals = tables["deals"].sort("deal_id")
    assert deals.select("deal_id", "currency").rows() == [
        ("D1", "EUR"),
        ("D2", "EUR"),
        ("D3", "EUR"),
        ("D4", "EUR"),
        ("D5", "CHF"),
        ("D6", "USD"),
        ("D7", "EUR"),
        ("D8", "EUR"),
    ]
    assert deals["amount"].to_list() == pytest.approx(
        [1000.0, 200 * 1.15, 300 * 1.17, 50 * 1.15, 70.0, 80.0, 90.0, 40.0]
    )
    spend = tables["spend"].row(0, named=True)
    assert (spend["spend"], spend["conversion_value"], spend["currency"]) == (
        pytest.approx(10 * 0.92),
        pytest.approx(30 * 0.92),
        "EUR",
    )
    assert crm.health.warnings == [
        "deals: 3 row(s) in GBP (3) converted to EUR at the fx_rates rate of their day",
        "deals: 2 row(s) in CHF (1), USD (1) have no fx_rates rate to EUR on or before their "
        "day; they keep their currency, and a money figure that would add them to EUR shows "
        "— instead of a sum",
    ]
    assert ads.health.warnings == [
        "spend: 1 row(s) in USD (1) converted to EUR at the fx_rates rate of their day"
    ]


def test_a_reporting_currency_setting_wins_over_the_most_common() -> None:
    fx, crm, ads = _reads()
    deals = combine([fx, crm, ads], reporting_currency="GBP")["deals"].sort("deal_id")
    # The rates are in euros: with GBP chosen, no rate converts anything into GBP.
    assert deals.select("currency").to_series().to_list() == [
        "EUR", "GBP", "GBP", "GBP", "CHF", "USD", "EUR", "EUR"
    ]  # fmt: skip
    assert deals["amount"].to_list() == [1000.0, 200.0, 300.0, 50.0, 70.0, 80.0, 90.0, 40.0]


def test_one_currency_and_no_rates_changes_nothing() -> None:
    _, crm, _ = _reads()
    only_euros = crm.tables["deals"].filter(pl.col("currency") == "EUR")
    read = SourceRead("crm", "file", {"deals": only_euros}, DataHealth("crm"))
    assert combine([read])["deals"]["amount"].to_list() == [1000.0, 90.0, 40.0]
    assert read.health.warnings == []


def test_rows_keep_their_order_and_a_day_s_rate_serves_every_row_of_that_day() -> None:
    fx, _, _ = _reads()
    # Orders out of date order, two on the same GBP day, one in the target currency, one
    # with no currency, one before any GBP rate: each row's own figure, in file order.
    rows = [
        ("O1", date(2024, 2, 5), 100.0, "GBP"),  # February's rate 1.17
        ("O2", date(2024, 1, 3), 10.0, "GBP"),  # January's 1.15
        ("O3", date(2024, 2, 5), 20.0, "GBP"),  # the same day as O1: 1.17
        ("O4", date(2023, 12, 31), 5.0, "GBP"),  # before the first GBP rate: kept in GBP
        ("O5", date(2024, 1, 20), 7.0, "EUR"),
        ("O6", date(2024, 1, 20), 9.0, None),
        ("O7", date(2024, 1, 16), 50.0, "USD"),  # the USD rate of 15 Jan, 0.92
    ]
    converted = combine([fx, _shop(rows)], reporting_currency="EUR")["orders"]
    assert converted["order_id"].to_list() == ["O1", "O2", "O3", "O4", "O5", "O6", "O7"]
    assert converted["currency"].to_list() == ["EUR", "EUR", "EUR", "GBP", "EUR", None, "EUR"]
    assert converted["revenue"].to_list() == pytest.approx(
        [100 * 1.17, 10 * 1.15, 20 * 1.17, 5.0, 7.0, 9.0, 50 * 0.92]
    )


def test_a_day_long_after_the_last_rate_takes_the_last_rate() -> None:
    fx, _, _ = _reads()
    # The rates end in February 2024; an order years later still has GBP's last rate,
    # and one long before any rate keeps its currency.
    rows = [("O1", date(2031, 6, 30), 100.0, "GBP"), ("O2", date(1999, 1, 1), 10.0, "GBP")]
    shop = _shop(rows)
    converted = combine([fx, shop], reporting_currency="EUR")["orders"]
    assert converted["currency"].to_list() == ["EUR", "GBP"]
    assert converted["revenue"].to_list() == pytest.approx([100 * 1.17, 10.0])
    assert shop.health.warnings == [
        "orders: 1 row(s) in GBP (1) converted to EUR at the fx_rates rate of their day",
        "orders: 1 row(s) in GBP (1) have no fx_rates rate to EUR on or before their day; "
        "they keep their currency, and a money figure that would add them to EUR shows — "
        "instead of a sum",
    ]


def _shop(rows: list[tuple[str, date, float, str | None]]) -> SourceRead:
    """A shop's orders: id, day, revenue and currency each."""
    orders = _table(
        "orders",
        [
            {"order_id": o, "date": d, "launch_id": UNASSIGNED, "revenue": r, "currency": c}
            for o, d, r, c in rows
        ],
    )
    return SourceRead("shop", "file", {"orders": orders}, DataHealth("shop"))
