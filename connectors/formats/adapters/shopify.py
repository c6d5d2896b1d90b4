"""Shopify orders export: one row per line item, order fields only on an order's first row.

Each line item becomes one canonical order row (`<order>-1`, `<order>-2` …) so launch
rules can match its SKU; orders are keyed by Shopify's `Id`, which is unique across
stores, where the export has it (order names like `#1306` repeat from store to store).
A line's revenue is its share of the order's net sales, Shopify's definition: gross
sales (price x quantity) less discounts and returns, before shipping and taxes
(https://help.shopify.com/en/manual/reports-and-analytics/shopify-reports/report-types/sales-report).
`Subtotal` is the order after discounts; a partial refund's `Refunded Amount` is netted
in the share goods had of what the customer paid (Subtotal / Total). Cancelled,
refunded and voided orders are not revenue. An abandoned-checkouts export shares the
header and is recognised, never revenue. E-mail addresses are personal data: the
customer id is a one-way hash of the address, never the address.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from connectors.errors import CellError
from connectors.formats.adapters.base import Adapter, Context, Frames
from connectors.formats.mapping import Record, build_table, field, find, refuse_rows
from connectors.formats.values import infer_decimal_mark, number
from connectors.formats.vocabulary import vocabulary
from connectors.grid.cells import RawTable, normalise
from connectors.health import DataHealth

VOCABULARY = vocabulary("shopify")
_V = VOCABULARY.names
_RETAIL = set(VOCABULARY.data["sales_channels"]["retail_sources"])
_PRO = set(VOCABULARY.data["sales_channels"]["pro_tags"])
_NOT_REVENUE = set(VOCABULARY.data["financial_status"]["not_revenue"])
_ORDER_LINE = "_order_line"

FIELDS = (
    field("order_id", _ORDER_LINE, kind="id"),
    field("date", *_V("created"), kind="date"),
    field("sku", *_V("sku")),
    field("units", *_V("quantity"), kind="count"),
    field("_price", *_V("price"), kind="money"),
    field("currency", *_V("currency")),
    field("region", *_V("shipping_country")),
    field("_billing", *_V("billing_country")),
    field("_email", *_V("email")),
    field("_source", *_V("source")),
    field("_tags", *_V("tags")),
    field("_order", *_V("name")),
)
_LOOKED_AT = ("subtotal", "total", "refunded", "cancelled", "financial_status", "id")


def read(raw: RawTable, context: Context, health: DataHealth) -> Frames:
    raw = _fill_order_fields(raw)
    if _abandoned_checkouts(raw):
        health.format = "shopify_abandoned_checkouts"
        health.rows_read += len(raw.rows)
        carts = len({row[find(raw, *_V("name")) or 0] for row in raw.rows})
        health.warn(
            f"{raw.file} is an abandoned-checkouts export: {carts} cart(s) never bought, "
            "not orders; nothing is counted as revenue"
        )
        return {}
    raw = _refuse_unpaid(raw, health)
    shares = _net_shares(raw, health)

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

    used = tuple(name for key in _LOOKED_AT for name in _V(key))
    return {"orders": build_table(raw, "orders", FIELDS, health, derive=derive, also_uses=used)}


def _fill_order_fields(raw: RawTable) -> RawTable:
    """Copy order-level cells onto every line item, and number each order's lines."""
    name_at, id_at = find(raw, *_V("name")), find(raw, *_V("id"))
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
        # Shopify's order Id is unique across stores; the name is unique in one store.
        order = cells[id_at].strip() if id_at is not None and cells[id_at].strip() else name
        rows.append([*cells, f"{order}-{count[name]}"])
    return RawTable(raw.file, [*raw.header, _ORDER_LINE], rows, raw.lines)


_CHECKOUT_NAME = re.compile(r"^#?\d{10,}$")  # a checkout id, not an order number like #1306


def _abandoned_checkouts(raw: RawTable) -> bool:
    """Carts never bought: no financial status on any row, and checkout-shaped ids or none
    of the payment columns every orders export has (Payment ID, Duties)."""
    status, name = find(raw, *_V("financial_status")), find(raw, *_V("name"))
    if status is None or name is None or any(row[status].strip() for row in raw.rows):
        return False
    no_payment = find(raw, *_V("payment_id")) is None and find(raw, *_V("duties")) is None
    checkout_ids = all(_CHECKOUT_NAME.match(row[name].strip()) for row in raw.rows)
    return no_payment or checkout_ids


def _refuse_unpaid(raw: RawTable, health: DataHealth) -> RawTable:
    cancelled, status = find(raw, *_V("cancelled")), find(raw, *_V("financial_status"))
    keep = []
    for i, row in enumerate(raw.rows):
        gone = cancelled is not None and row[cancelled].strip()
        unpaid = status is not None and row[status].strip().lower() in _NOT_REVENUE
        if not (gone or unpaid):
            keep.append(i)
    if len(keep) == len(raw.rows):
        return raw
    return refuse_rows(health, raw, keep, "order cancelled, refunded or voided: not revenue")


def _net_shares(raw: RawTable, health: DataHealth) -> dict[str, float]:
    """Per order: its net sales / sum(price x quantity), shared out over its lines.

    Net sales = Subtotal (after discounts) less the goods part of Refunded Amount, which
    is the refund times the goods' share of what the customer paid (Subtotal / Total).
    """
    at = {k: find(raw, *_V(k)) for k in ("name", "subtotal", "price", "quantity", "total")}
    refunded = find(raw, *_V("refunded"))
    if None in (at["name"], at["subtotal"], at["price"], at["quantity"]):
        return {}
    name, sub, price, qty = (at[k] or 0 for k in ("name", "subtotal", "price", "quantity"))
    money = [raw.column(p) for p in (price, sub, at["total"], refunded) if p is not None]
    mark = infer_decimal_mark([cell for column in money for cell in column])
    gross: dict[str, float] = defaultdict(float)
    net: dict[str, float] = {}
    netted: set[str] = set()
    for row in raw.rows:
        order = row[name].strip()
        try:
            gross[order] += (number(row[price], mark) or 0) * (number(row[qty]) or 0)
            if order in net:
                continue
            subtotal = number(row[sub], mark) or 0.0
            refund = _goods_refund(row, subtotal, at["total"], refunded, mark)
        except CellError:
            continue  # the row itself is refused when it is typed; no share needed
        if refund > 0:
            netted.add(order)
        net[order] = subtotal - refund
    _note_refunds(raw, health, netted)
    return {o: net[o] / g for o, g in gross.items() if g and o in net}


def _goods_refund(
    row: list[str], subtotal: float, total_at: int | None, refunded_at: int | None, mark: str
) -> float:
    if refunded_at is None:
        return 0.0
    refund = number(row[refunded_at], mark) or 0.0
    total = number(row[total_at], mark) if total_at is not None else None
    goods = refund * subtotal / total if total else refund
    return min(max(goods, 0.0), subtotal)


def _note_refunds(raw: RawTable, health: DataHealth, netted: set[str]) -> None:
    status, name = find(raw, *_V("financial_status")), find(raw, *_V("name"))
    partly = {
        row[name or 0].strip()
        for row in raw.rows
        if status is not None and row[status].strip().lower() == "partially_refunded"
    }
    if netted:
        health.warn(
            f"{raw.file}: {len(netted)} order(s) partly refunded: their revenue is net of the "
            "refund's goods share (Refunded Amount x Subtotal / Total), on the order's own "
            "day. The export has no refund date; Shopify's Net sales counts a return on the "
            "day of the refund, so a period's revenue differs when the two fall apart."
        )
    if partly - netted:
        health.warn(
            f"{raw.file}: {len(partly - netted)} order(s) partially refunded with no "
            "'Refunded Amount': their revenue is before the refund"
        )


def _customer(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def _channel(source: str | None, tags: str | None) -> str:
    tagged = {t.strip().lower() for t in (tags or "").split(",")}
    if tagged & _PRO:
        return "pro"
    if source and source.strip().lower() in _RETAIL:
        return "retail"
    return "dtc"


ADAPTER = Adapter(
    "shopify_orders",
    "Shopify orders export (Name, Created at, Lineitem quantity, Lineitem price)",
    ("orders",),
    ("Name", "Created at", "Lineitem quantity", "Lineitem price"),
    read,
    fix=(
        "In Shopify admin, open Orders, choose Export, and pick 'Plain CSV file' with all "
        "orders in the date range (Analytics reports are summaries, not orders)."
    ),
)
