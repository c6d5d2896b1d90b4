"""Shopify orders export: one row per line item, order fields only on an order's first row.

Each line item becomes one canonical order row (`#1001-1`, `#1001-2` …) so launch rules
can match its SKU. Its revenue is its share of the order's Subtotal (line items after
discounts, before shipping and taxes). Cancelled, refunded and voided orders are not
revenue; their rows are refused with that reason. E-mail addresses are personal data:
the customer id is a one-way hash of the address, never the address.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from connectors.errors import CellError
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.mapping import Record, build_table, field, find, refuse_rows
from connectors.formats.values import infer_decimal_mark, number
from connectors.grid.cells import RawTable, normalise
from connectors.health import DataHealth

FIELDS = (
    field("order_id", "_order_line", kind="id"),
    field("date", "created at", kind="date"),
    field("sku", "lineitem sku", "lineitem name"),
    field("units", "lineitem quantity", kind="count"),
    field("_price", "lineitem price", kind="money"),
    field("currency", "currency"),
    field("region", "shipping country"),
    field("_billing", "billing country"),
    field("_email", "email"),
    field("_source", "source"),
    field("_tags", "tags"),
    field("_order", "name"),
)


def read(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    raw = _fill_order_fields(raw)
    raw = _refuse_unpaid(raw, health)
    shares = _revenue_shares(raw)

    def derive(record: Record) -> None:
        price, units = record.pop("_price"), record["units"]
        if price is None or units is None:
            raise CellError("line item has no price or quantity")
        record["revenue"] = price * units * shares.get(record.pop("_order"), 1.0)
        email = record.pop("_email")
        record["customer_id"] = _customer(email) if email else None
        record["channel"] = _channel(record.pop("_source"), record.pop("_tags"))
        billing = record.pop("_billing")
        record["region"] = record["region"] or billing  # pickup orders have no shipping address

    used = ("subtotal", "cancelled at", "financial status")
    return {"orders": build_table(raw, "orders", FIELDS, health, derive=derive, also_uses=used)}


def _fill_order_fields(raw: RawTable) -> RawTable:
    """Copy order-level cells onto every line item, and number each order's lines."""
    name_at = find(raw, "name")
    assert name_at is not None
    order_cols = [i for i, h in enumerate(raw.header) if not normalise(h).startswith("lineitem")]
    rows: list[list[str]] = []
    first: dict[str, list[str]] = {}
    count: dict[str, int] = defaultdict(int)
    for row in raw.rows:
        cells = row + [""] * (len(raw.header) - len(row))
        name = cells[name_at].strip()
        head = first.setdefault(name, cells)
        for i in order_cols:
            if not cells[i].strip():
                cells[i] = head[i]
        count[name] += 1
        rows.append([*cells, f"{name}-{count[name]}"])
    return RawTable(raw.file, [*raw.header, "_order_line"], rows, raw.lines)


def _refuse_unpaid(raw: RawTable, health: DataHealth) -> RawTable:
    cancelled, status = find(raw, "cancelled at"), find(raw, "financial status")
    keep = []
    for i, row in enumerate(raw.rows):
        gone = cancelled is not None and row[cancelled].strip()
        unpaid = status is not None and row[status].strip().lower() in ("refunded", "voided")
        if not (gone or unpaid):
            keep.append(i)
    name = find(raw, "name")
    if status is not None and name is not None:
        partly = {r[name] for r in raw.rows if r[status].strip().lower() == "partially_refunded"}
        if partly:
            health.warn(
                f"{raw.file}: {len(partly)} order(s) partially refunded; their revenue is "
                "before the refund"
            )
    if len(keep) == len(raw.rows):
        return raw
    return refuse_rows(health, raw, keep, "order cancelled, refunded or voided: not revenue")


def _revenue_shares(raw: RawTable) -> dict[str, float]:
    """Per order, Subtotal / sum(price * quantity): spreads order discounts over its lines."""
    name, sub, price, qty = (
        find(raw, n) for n in ("name", "subtotal", "lineitem price", "lineitem quantity")
    )
    if None in (name, sub, price, qty):
        return {}
    assert name is not None and sub is not None and price is not None and qty is not None
    mark = infer_decimal_mark(raw.column(price) + raw.column(sub))
    gross: dict[str, float] = defaultdict(float)
    subtotal: dict[str, float] = {}
    for row in raw.rows:
        try:
            gross[row[name].strip()] += (number(row[price], mark) or 0) * (number(row[qty]) or 0)
            subtotal[row[name].strip()] = number(row[sub], mark) or 0.0
        except CellError:
            continue  # the row itself is refused when it is typed; no share needed
    return {o: subtotal[o] / g for o, g in gross.items() if g and o in subtotal}


def _customer(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def _channel(source: str | None, tags: str | None) -> str:
    if (tags and "wholesale" in tags.lower()) or (
        tags and "pro" in {t.strip().lower() for t in tags.split(",")}
    ):
        return "pro"
    if source and source.strip().lower() in ("pos", "point of sale", "shopify_pos"):
        return "retail"
    return "dtc"


ADAPTER = Adapter(
    "shopify_orders",
    "Shopify orders export (Name, Created at, Lineitem quantity, Lineitem price)",
    ("orders",),
    ("name", "created at", "lineitem quantity", "lineitem price"),
    read,
)
