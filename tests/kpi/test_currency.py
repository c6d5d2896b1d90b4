"""Amounts in different currencies are never added: no value, and the reason names them.

Launch L1 (launched 1 March 2025) sells in the EU in EUR and in the UK in GBP:
  deals  D1 EU won 3 March 1000 EUR; D2 UK won 3 March 500 GBP; D3 UK won 4 March 200 GBP
  orders O1 EU 3 March 100 EUR; O2 UK 3 March 50 GBP; O3 UK 4 March 30 (no currency given)
  spend  EU 3 March 10 EUR; UK 3 March 20 GBP
"""

from __future__ import annotations

from datetime import date

import polars as pl

from contract.dataset import Dataset
from contract.schema import DEALS, LAUNCHES, ORDERS, SPEND
from kpi.breakdown import breakdown
from kpi.filters import Filters
from kpi.launch_relative import launch_relative
from kpi.model import Model, prepare
from kpi.series import time_series
from kpi.table import kpi_table
from tests.kpi.fixtures import at, frame

MARCH = Filters(start=date(2025, 3, 1), end=date(2025, 3, 31), compare="none")
UK = MARCH.narrowed(regions=("UK",))
MIXED = "mixes EUR and GBP; add an fx_rates table"


def deal(deal_id: str, region: str, day: int, amount: float, currency: str) -> dict[str, object]:
    return {"deal_id": deal_id, "launch_id": "L1", "created_at": at(1), "closed_at": at(day, 12),
            "is_won": True, "amount": amount, "currency": currency, "region": region,
            "source": "marketing"}  # fmt: skip


def order(
    order_id: str, region: str, day: int, revenue: float, currency: str | None
) -> dict[str, object]:
    return {"order_id": order_id, "date": date(2025, 3, day), "launch_id": "L1", "channel": "dtc",
            "region": region, "customer_id": order_id, "units": 1, "revenue": revenue,
            "currency": currency}  # fmt: skip


def spend(region: str, amount: float, currency: str) -> dict[str, object]:
    return {"date": date(2025, 3, 3), "launch_id": "L1", "channel": "paid_search",
            "campaign": f"ads {region}", "region": region, "spend": amount,
            "currency": currency}  # fmt: skip


def model_of(**tables: list[dict[str, object]]) -> Model:
    specs = {"launches": LAUNCHES, "deals": DEALS, "orders": ORDERS, "spend": SPEND}
    return prepare(
        Dataset.from_frames({name: frame(specs[name], rows) for name, rows in tables.items()})
    )


def two_currencies() -> Model:
    return model_of(
        launches=[{"launch_id": "L1", "name": "One", "launch_date": date(2025, 3, 1)}],
        deals=[
            deal("D1", "EU", 3, 1000.0, "EUR"),
            deal("D2", "UK", 3, 500.0, "GBP"),
            deal("D3", "UK", 4, 200.0, "GBP"),
        ],
        orders=[
            order("O1", "EU", 3, 100.0, "EUR"),
            order("O2", "UK", 3, 50.0, "GBP"),
            order("O3", "UK", 4, 30.0, None),
        ],
        spend=[spend("EU", 10.0, "EUR"), spend("UK", 20.0, "GBP")],
    )


def table_rows(model: Model, filters: Filters, kpi_ids: list[str]) -> dict[str, tuple[object, ...]]:
    table = kpi_table(model, filters).filter(pl.col("kpi").is_in(kpi_ids))
    return {row[0]: row[1:] for row in table.select("kpi", "value", "currency", "note").rows()}


def test_the_model_knows_the_currencies_and_has_no_single_one() -> None:
    model = two_currencies()
    assert model.currencies == ("EUR", "GBP")
    assert model.currency is None


def test_amounts_of_two_currencies_are_not_added_anywhere_in_the_table() -> None:
    money = [
        "spend",
        "won_revenue",
        "order_revenue",
        "revenue",
        "avg_deal_size",
        "marketing_sourced_revenue",
    ]
    got = table_rows(two_currencies(), MARCH, [*money, "won_deals", "units"])
    assert {kpi: got[kpi] for kpi in money} == {kpi: (None, None, MIXED) for kpi in money}
    # Counts are not amounts: they add up whatever the currency.
    assert got["won_deals"] == (3.0, None, None)
    assert got["units"] == (3.0, None, None)


def test_a_view_in_one_currency_has_values_in_that_currency() -> None:
    got = table_rows(two_currencies(), UK, ["spend", "won_revenue", "revenue", "avg_deal_size"])
    # The order without a currency is counted with the GBP ones: nulls are ignored.
    assert got == {
        "spend": (20.0, "GBP", None),
        "won_revenue": (700.0, "GBP", None),
        "revenue": (700.0 + 50.0 + 30.0, "GBP", None),
        "avg_deal_size": (350.0, "GBP", None),
    }


def test_a_breakdown_gives_each_group_in_its_own_currency() -> None:
    frame = breakdown(two_currencies(), MARCH, "region", ["won_revenue", "won_deals"])
    assert frame.rows() == [("EU", 1000.0, 1.0), ("UK", 700.0, 2.0)]
    whole = breakdown(two_currencies(), MARCH, "launch_id", ["won_revenue", "won_deals"])
    assert whole.rows() == [("L1", None, 3.0)]


def test_series_and_overlay_say_which_currencies_a_bucket_mixes() -> None:
    model = two_currencies()
    series = time_series(model, MARCH.narrowed(grain="day"), ["won_revenue"])
    by_day = {row[0]: row[1:] for row in series.select("bucket", "value", "note").rows()}
    assert by_day[date(2025, 3, 3)] == (None, MIXED)  # D1 EUR and D2 GBP
    assert by_day[date(2025, 3, 4)] == (200.0, None)  # D3 alone
    assert by_day[date(2025, 3, 5)] == (0.0, None)
    overlay = launch_relative(model, MARCH, "won_revenue", first_day=2, last_day=3)
    assert overlay.select("day", "value", "cumulative", "note").rows() == [
        (2, None, None, MIXED),
        (3, 200.0, None, None),  # the running total still mixes EUR and GBP
    ]


def test_one_currency_is_the_reporting_currency() -> None:
    model = model_of(
        deals=[deal("D1", "EU", 3, 1000.0, "EUR"), deal("D2", "UK", 3, 500.0, "EUR")],
        orders=[order("O1", "EU", 3, 100.0, None)],
    )
    assert (model.currencies, model.currency) == (("EUR",), "EUR")
    got = table_rows(
        model, MARCH, ["revenue", "won_revenue", "won_deals", "marketing_sourced_share"]
    )
    assert got == {
        "revenue": (1600.0, "EUR", None),
        "won_revenue": (1500.0, "EUR", None),
        "won_deals": (2.0, None, None),  # a count has no currency
        "marketing_sourced_share": (1.0, None, None),  # nor has a share
    }


def test_tables_in_different_single_currencies_are_not_added() -> None:
    model = model_of(
        deals=[deal("D1", "EU", 3, 1000.0, "EUR")], orders=[order("O1", "UK", 3, 100.0, "GBP")]
    )
    got = table_rows(model, MARCH, ["revenue", "won_revenue", "order_revenue"])
    assert got == {
        "revenue": (None, None, MIXED),
        "won_revenue": (1000.0, "EUR", None),
        "order_revenue": (100.0, "GBP", None),
    }
