"""A hand-made Shopify orders export (one row per line item), per Shopify's public layout."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date

import pytest

from tests.connectors.conftest import only, read_text

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
        "Fulfillment Status, Fulfilled at, Accepts Marketing, Shipping, Taxes, Total, "
        "Discount Code and 13 more"
    )
    assert [(r.line, r.reason) for r in health.refused] == [
        (4, "order cancelled, refunded or voided: not revenue")
    ]
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (5, 4, 1)
    assert health.warnings[0] == (
        "orders_export.csv: 1 order(s) partially refunded; their revenue is before the refund"
    )
    assert len(health.warnings) == 2


def test_customers_are_hashed_emails_never_the_address() -> None:
    orders = only(read_text("orders_export.csv", _export())[0], "orders")
    expected = hashlib.sha256(b"ana@example.com").hexdigest()[:16]
    assert orders["customer_id"].to_list() == [expected, expected, None, orders["customer_id"][3]]
    assert not any("@" in (c or "") for c in orders["customer_id"].to_list())
