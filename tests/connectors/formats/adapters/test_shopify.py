"""A hand-made Shopify orders export (one row per line item), per Shopify's public layout."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from connectors.errors import RefusedFile
from connectors.health import DataHealth
from connectors.sources.kinds.folder import read_folder
from tests.connectors.conftest import VENDORS, only, read_text, read_vendor

HEADER = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Country",
    "Shipping Country",
    "Notes",
    "Cancelled at",
    "Payment Method",
    "Refunded Amount",
    "Vendor",
    "Id",
    "Tags",
    "Source",
]

ORDER_FIELDS = {
    "#1001": {
        "Email": "Ana@Example.com", "Financial Status": "paid", "Currency": "EUR",
        "Subtotal": "90.00", "Total": "113.90", "Discount Amount": "10.00",
        "Created at": "2024-03-02 10:00:00 +0100", "Shipping Country": "PT", "Source": "web",
    },
    "#1002": {
        "Email": "ben@example.com", "Financial Status": "paid", "Currency": "EUR",
        "Subtotal": "40.00", "Created at": "2024-03-03 09:00:00 +0100",
        "Cancelled at": "2024-03-04 09:00:00 +0100", "Source": "web",
    },
    "#1003": {
        "Financial Status": "paid", "Currency": "EUR", "Subtotal": "25.00",
        "Created at": "2024-03-05 15:00:00 +0100", "Billing Country": "ES", "Source": "pos",
    },
    "#1004": {
        "Email": "shop@salon.example", "Financial Status": "partially_refunded", "Currency": "EUR",
        "Subtotal": "120.00", "Created at": "2024-03-06 08:30:00 +0100",
        "Tags": "wholesale, spring", "Source": "web",
    },
}  # fmt: skip

LINES = [
    ("#1001", "2", "Glow Serum 30ml", "40.00", "GLOW-30"),
    ("#1001", "1", "Night Cream 50ml", "20.00", "NIGHT-50"),
    ("#1002", "1", "Glow Serum 30ml", "40.00", "GLOW-30"),
    ("#1003", "1", "Lip Oil", "25.00", "LIP-01"),
    ("#1004", "10", "Glow Serum 30ml", "12.00", "GLOW-30"),
]


def _export() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADER, restval="")
    writer.writeheader()
    seen: set[str] = set()
    for name, quantity, item, price, sku in LINES:
        row = {"Name": name, "Lineitem quantity": quantity, "Lineitem name": item}
        row |= {"Lineitem price": price, "Lineitem sku": sku}
        if name not in seen:  # order fields only on an order's first row
            row |= ORDER_FIELDS[name]
            seen.add(name)
        writer.writerow(row)
    return out.getvalue()


def test_line_items_become_orders_with_their_share_of_the_subtotal() -> None:
    frames, health = read_text("orders_export.csv", _export())
    orders = only(frames, "orders")
    assert health.format == "shopify_orders"
    assert orders.select("order_id", "date", "sku", "units", "channel", "region").rows() == [
        ("#1001-1", date(2024, 3, 2), "GLOW-30", 2, "dtc", "PT"),
        ("#1001-2", date(2024, 3, 2), "NIGHT-50", 1, "dtc", "PT"),
        ("#1003-1", date(2024, 3, 5), "LIP-01", 1, "retail", "ES"),
        ("#1004-1", date(2024, 3, 6), "GLOW-30", 10, "pro", None),
    ]
    # #1001: 2 x 40 + 20 = 100 before its 10.00 discount; its Subtotal (90) is shared pro rata
    assert orders["revenue"].to_list() == pytest.approx([72.0, 18.0, 25.0, 120.0])
    assert orders["currency"].unique().to_list() == ["EUR"]


def test_cancelled_orders_are_refused_with_their_line() -> None:
    _, health = read_text("orders_export.csv", _export())
    assert health.warnings[1] == (
        "orders_export.csv: columns Tandem does not use were left out: Paid at, "
        "Fulfillment Status, Fulfilled at, Accepts Marketing, Shipping, Taxes, Discount Code, "
        "Discount Amount and 10 more"
    )
    assert [(r.line, r.reason) for r in health.refused] == [
        (4, "order cancelled, refunded or voided: not revenue")
    ]
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (5, 4, 1)
    assert health.warnings[0] == (
        "orders_export.csv: 1 order(s) partially refunded with no 'Refunded Amount': their "
        "revenue is before the refund"
    )
    assert len(health.warnings) == 2


def test_customers_are_hashed_emails_never_the_address() -> None:
    orders = only(read_text("orders_export.csv", _export())[0], "orders")
    expected = hashlib.sha256(b"ana@example.com").hexdigest()[:16]
    assert orders["customer_id"].to_list() == [expected, expected, None, orders["customer_id"][3]]
    assert not any("@" in (c or "") for c in orders["customer_id"].to_list())


def _orders(name: str) -> dict[str, dict[str, str]]:
    """Order-level fields of a fixture export by order name, with the csv module alone."""
    rows = list(csv.DictReader((VENDORS / name).open(encoding="utf-8")))
    return {r["Name"]: r for r in rows if r["Financial Status"]}


def test_partial_refunds_are_netted_as_shopify_nets_sales() -> None:
    order = _orders("shopify_orders_store_eu.csv")["#1002"]
    subtotal, total = float(order["Subtotal"]), float(order["Total"])
    refund = float(order["Refunded Amount"])
    # Shopify's net sales leave taxes and shipping out: the refund's goods share is
    # refund x subtotal / total (48 x 120 / 144 = 40), so the order's net is 120 - 40.
    net = subtotal - refund * subtotal / total
    frames, health = read_vendor("shopify_orders_store_eu.csv")
    orders = only(frames, "orders")
    assert orders.filter(pl.col("order_id") == "5501000001002-1")["revenue"].item() == (
        pytest.approx(net)
    )
    assert net == pytest.approx(80.0)
    assert health.warnings[0].startswith(
        "shopify_orders_store_eu.csv: 1 order(s) partly refunded: their revenue is net of the "
        "refund's goods share (Refunded Amount x Subtotal / Total), on the order's own day. "
        "The export has no refund date"
    )


def test_two_stores_in_one_folder_keep_every_order(tmp_path: Path) -> None:
    for name in ("shopify_orders_store_eu.csv", "shopify_orders_store_us.csv"):
        (tmp_path / name).write_bytes((VENDORS / name).read_bytes())
    eu, us = _orders("shopify_orders_store_eu.csv"), _orders("shopify_orders_store_us.csv")
    assert set(eu) & set(us) == {"#1001", "#1002"}  # the same names in both stores
    health = DataHealth("shops")
    tables, _ = read_folder(tmp_path, health)
    orders = tables["orders"]
    # EU: #1001 (2 lines) + #1002 + #1004 (#1003 was refunded); US: #1001 + #1002.
    assert orders.height == 6
    assert sorted(orders["order_id"]) == [
        "5501000001001-1", "5501000001001-2", "5501000001002-1", "5501000001004-1",
        "7702000009001-1", "7702000009002-1",
    ]  # fmt: skip
    by_currency = dict(orders.group_by("currency").agg(pl.col("revenue").sum()).iter_rows())
    assert by_currency == {"EUR": pytest.approx(90 + 80 + 240), "USD": pytest.approx(55 + 80)}
    assert not [w for w in health.warnings if "repeat records" in w]


def test_abandoned_checkouts_are_recognised_and_never_revenue() -> None:
    frames, health = read_vendor("shopify_abandoned_checkouts.csv")
    assert frames == {}
    assert health.format == "shopify_abandoned_checkouts"
    assert health.warnings == [
        "shopify_abandoned_checkouts.csv is an abandoned-checkouts export: 2 cart(s) never "
        "bought, not orders; nothing is counted as revenue"
    ]


def test_an_analytics_report_is_refused_with_what_to_export_instead() -> None:
    with pytest.raises(RefusedFile) as caught:
        read_vendor("shopify_analytics_sales_over_time.csv")
    assert str(caught.value) == (
        "shopify_analytics_sales_over_time.csv is a Shopify Analytics report (sums per day or "
        "product), not orders: Tandem counts orders line by line. In Shopify admin, open "
        "Orders, choose Export and pick a plain CSV file."
    )
