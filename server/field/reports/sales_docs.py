"""Every sale head office knows, in one shape: till receipts and field sales orders.

- a ``receipt`` fact (stored, not quarantined) of kind ``sale`` counts as it is;
  one of kind ``return`` counts negative (its lines carry the refunded gross;
  their tax is the gross x rate / (100 + rate), half up, as the till computes it);
- a sales order counts unless cancelled.

The day is the local day (the store's time zone) of the device's time of the
sale. The seller is the receipt's cashier or the order's rep.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from kassa.core.money import Money
from kassa.server.field.reports.table import Period, local_day
from kassa.server.tables import Fact
from kassa.sync.models import SalesOrder, Store


@dataclass(frozen=True)
class SoldLine:
    sku: str
    name: str
    quantity: Decimal
    net: int
    tax: int
    total: int


@dataclass(frozen=True)
class SaleDoc:
    source: str  # receipt | order
    day: Any  # date
    store_id: uuid.UUID
    terminal_id: uuid.UUID | None
    user_id: uuid.UUID | None
    currency: str
    net: int
    tax: int
    total: int
    lines: tuple[SoldLine, ...]


def sale_docs(session: Session, period: Period) -> list[SaleDoc]:
    zones = {s.id: s.timezone for s in session.exec(select(Store))}
    low, high = period.utc_window()
    docs: list[SaleDoc] = []
    facts = session.exec(
        select(Fact).where(
            Fact.type == "receipt",
            Fact.status == "stored",
            Fact.device_time >= low,
            Fact.device_time < high,
        )
    )
    for fact in facts:
        day = local_day(fact.device_time, zones.get(fact.store_id, "UTC"))
        if day in period and fact.payload.get("kind") in ("sale", "return"):
            docs.append(_receipt(fact, day))
    orders = session.exec(
        select(SalesOrder).where(
            SalesOrder.status != "cancelled",
            SalesOrder.deleted.is_(False),
            SalesOrder.ordered_at >= low,
            SalesOrder.ordered_at < high,
        )
    )
    for order in orders:
        day = local_day(order.ordered_at, zones.get(order.store_id, "UTC"))
        if day in period:
            docs.append(_order(order, day))
    return docs


def _receipt(fact: Fact, day: Any) -> SaleDoc:
    payload = fact.payload
    cashier = (payload.get("cashier") or {}).get("id")
    currency = payload["currency"]
    if payload["kind"] == "sale":
        lines = tuple(
            SoldLine(
                line["sku"],
                line["name"],
                Decimal(line["quantity"]),
                int(line["net"]),
                int(line["tax"]),
                int(line["total"]),
            )
            for line in payload["lines"]
        )
        taxes = payload.get("taxes") or []
        net = sum(int(t["net"]) for t in taxes) if taxes else sum(x.net for x in lines)
        total = int(payload["total"])
        return SaleDoc(
            "receipt", day, fact.store_id, fact.terminal_id, _uuid(cashier), currency,
            net, total - net, total, lines,
        )  # fmt: skip
    lines = tuple(_returned(line, currency) for line in payload["lines"])
    total = -int(payload["total"])
    tax = -sum(int(t["tax"]) for t in payload.get("taxes") or [])
    return SaleDoc(
        "receipt", day, fact.store_id, fact.terminal_id, _uuid(cashier), currency,
        total - tax, tax, total, lines,
    )  # fmt: skip


def _returned(line: dict[str, Any], currency: str) -> SoldLine:
    gross = int(line["total"])
    rate = Decimal(str(line["tax_rate"]))
    tax = Money(gross, currency).times(rate / (100 + rate)).minor
    qty = Decimal(str(line["quantity"]))
    return SoldLine(line["sku"], line["name"], -qty, -(gross - tax), -tax, -gross)


def _order(order: SalesOrder, day: Any) -> SaleDoc:
    lines = tuple(
        SoldLine(
            line["sku"],
            line["name"],
            Decimal(line["quantity"]),
            int(line["net_minor"]),
            int(line["tax_minor"]),
            int(line["total_minor"]),
        )
        for line in order.lines
    )
    return SaleDoc(
        "order", day, order.store_id or uuid.UUID(int=0), order.terminal_id, order.rep_user_id,
        order.currency, order.net_minor, order.tax_minor, order.total_minor, lines,
    )  # fmt: skip


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
