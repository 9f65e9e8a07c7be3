"""The 360° view of one customer: everything the rep knows about them, offline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from kassa.core.money import Money
from kassa.sync.field_facts import ActivityFact
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.field.offers import OfferView
from kassa.terminal.services.field.orders import OrderView
from kassa.terminal.services.field.tables import PRICE_LISTS


@dataclass(frozen=True)
class Customer360:
    customer: dict[str, Any]
    contacts: list[dict[str, str]]  # id ("" for the main one), name, role, email, phone
    addresses: list[dict[str, str]]  # id ("" for the main one), kind, line (printable)
    price_list: str  # the list's name, or "Store prices"
    credit_limit: Money | None
    open_balance: Money  # invoiced, not paid
    open_orders: Money  # ordered, not yet invoiced
    orders: list[OrderView] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    activities: list[ActivityFact] = field(default_factory=list)
    offers: list[OfferView] = field(default_factory=list)  # open ones
    deals: list[dict[str, Any]] = field(default_factory=list)  # open ones

    @property
    def credit_left(self) -> Money | None:
        if self.credit_limit is None:
            return None
        used = self.open_balance.minor + self.open_orders.minor
        return Money(self.credit_limit.minor - used, self.credit_limit.currency)


def customer_360(field_sales: Any, customer_id: uuid.UUID) -> Customer360:
    """Assemble the view from the field services (``bundle.FieldSales``)."""
    ctx = field_sales.ctx
    customer = field_sales.customers.get(customer_id)
    cid = customer["id"]
    currency = customer.get("credit_currency") or ctx.currency
    price_list = "Store prices"
    if customer.get("price_list_id"):
        with reading(ctx.replica) as connection:
            row = connection.execute(
                select(PRICE_LISTS.c.name).where(PRICE_LISTS.c.id == customer["price_list_id"])
            ).first()
        price_list = row.name if row else "Own price list (not synced yet)"
    orders = field_sales.orders.list(customer_id=cid)
    pending = [o for o in orders if o.status not in ("cancelled", "invoiced")]
    limit = customer.get("credit_limit_minor")
    main = {
        "id": "",
        "name": customer.get("contact_person") or "",
        "role": "",
        "email": customer.get("email") or "",
        "phone": customer.get("phone") or "",
    }
    contacts = [main] if any(main.values()) else []
    contacts += [dict(c) for c in customer.get("contacts") or []]
    line = _address_line(customer)
    addresses = [{"id": "", "kind": "main", "line": line}] if line else []
    addresses += [
        {"id": a["id"], "kind": a["kind"], "line": _address_line(a, street="street")}
        for a in customer.get("addresses") or []
    ]
    return Customer360(
        customer=customer,
        contacts=contacts,
        addresses=addresses,
        price_list=price_list,
        credit_limit=Money(int(limit), currency) if limit is not None else None,
        open_balance=field_sales.invoices.open_balance(cid, currency),
        open_orders=Money(
            sum(o.order.total_minor for o in pending if o.order.currency == currency), currency
        ),
        orders=orders,
        invoices=field_sales.invoices.list(customer_id=cid),
        activities=field_sales.agenda.for_customer(cid),
        offers=[o for o in field_sales.offers.list(customer_id=cid) if o.status == "open"],
        deals=[
            d
            for d in field_sales.pipeline.list(customer_id=cid)
            if not d["stage"].get("is_won") and not d["stage"].get("is_lost")
        ],
    )


def _address_line(place: dict[str, Any], *, street: str = "address") -> str:
    town = " ".join(p for p in (place.get("postal_code"), place.get("city")) if p)
    return ", ".join(p for p in (place.get(street), town, place.get("country")) if p)
