"""A cart as JSON and back (parked sales), and a cart's lines as fact payload."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from kassa.core.discount import Discount
from kassa.core.money import Money
from kassa.core.tax import TaxRate, TaxRounding
from kassa.terminal.services.cart import Cart, CartLine
from kassa.terminal.services.ports import CustomerRecord


def discount_to_dict(discount: Discount | None) -> dict[str, Any] | None:
    if discount is None:
        return None
    if discount.percent is not None:
        return {"percent": str(discount.percent)}
    assert discount.amount is not None
    return {"amount": discount.amount.minor}


def discount_from_dict(data: dict[str, Any] | None, currency: str) -> Discount | None:
    if not data:
        return None
    if "percent" in data:
        return Discount(percent=Decimal(data["percent"]))
    return Discount(amount=Money(int(data["amount"]), currency))


def line_to_dict(line: CartLine) -> dict[str, Any]:
    return {
        "line_id": line.line_id,
        "product_id": str(line.product_id),
        "sku": line.sku,
        "name": line.name,
        "unit": line.unit,
        "quantity": str(line.quantity),
        "catalog_price": line.catalog_price.minor,
        "unit_price": line.unit_price.minor,
        "tax_code": line.tax.code,
        "tax_rate": str(line.tax.percent),
        "discount": discount_to_dict(line.discount),
        "weighed": line.weighed,
        "barcode": line.barcode,
        "measure": None if line.measure is None else str(line.measure),
        "approvals": list(line.approvals),
    }


def line_from_dict(data: dict[str, Any], currency: str) -> CartLine:
    return CartLine(
        line_id=data["line_id"],
        product_id=uuid.UUID(data["product_id"]),
        sku=data["sku"],
        name=data["name"],
        unit=data["unit"],
        quantity=Decimal(data["quantity"]),
        catalog_price=Money(int(data["catalog_price"]), currency),
        unit_price=Money(int(data["unit_price"]), currency),
        tax=TaxRate(data["tax_code"], Decimal(data["tax_rate"])),
        discount=discount_from_dict(data["discount"], currency),
        weighed=bool(data["weighed"]),
        barcode=data["barcode"],
        measure=None if data["measure"] is None else Decimal(data["measure"]),
        approvals=tuple(data["approvals"]),
    )


def customer_to_dict(customer: CustomerRecord | None) -> dict[str, Any] | None:
    if customer is None:
        return None
    return {"id": str(customer.id), "name": customer.name, "tax_id": customer.tax_id}


def customer_from_dict(data: dict[str, Any] | None) -> CustomerRecord | None:
    if not data:
        return None
    return CustomerRecord(uuid.UUID(data["id"]), data["name"], data.get("tax_id", ""))


def cart_to_dict(cart: Cart) -> dict[str, Any]:
    return {
        "currency": cart.currency,
        "rounding": cart.rounding.value,
        "sale_id": str(cart.sale_id),
        "started_at": cart.started_at.isoformat() if cart.started_at else None,
        "lines": [line_to_dict(line) for line in cart.lines],
        "sale_discount": discount_to_dict(cart.sale_discount),
        "customer": customer_to_dict(cart.customer),
        "approvals": list(cart.approvals),
    }


def cart_from_dict(data: dict[str, Any]) -> Cart:
    currency = data["currency"]
    started = data.get("started_at")
    return Cart(
        currency=currency,
        rounding=TaxRounding(data["rounding"]),
        sale_id=uuid.UUID(data["sale_id"]),
        started_at=datetime.fromisoformat(started) if started else None,
        lines=[line_from_dict(line, currency) for line in data["lines"]],
        sale_discount=discount_from_dict(data["sale_discount"], currency),
        customer=customer_from_dict(data["customer"]),
        approvals=list(data["approvals"]),
    )


def receipt_lines(cart: Cart) -> list[dict[str, Any]]:
    """The lines as a receipt fact holds them: the cart line plus its computed amounts."""
    totals = cart.totals()
    return [
        {
            **line_to_dict(line),
            "base": t.base.minor,
            "line_discount": t.line_discount.minor,
            "document_discount": t.document_discount.minor,
            "net": t.net.minor,
            "tax": t.tax.minor,
            "total": t.gross.minor,
        }
        for line, t in zip(cart.lines, totals.lines, strict=True)
    ]
