"""The cart and product keys as rows for the screen's lists (plain dicts of text)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kassa.terminal.services.cart import CartView, ViewLine
from kassa.terminal.services.ports import CatalogItem
from kassa.terminal.ui.viewmodels.text import money, quantity

EMPTY = "Empty: scan or pick an item"


def product_row(item: CatalogItem) -> dict[str, Any]:
    price = money(item.price) + (f" / {item.unit}" if item.weighed else "")
    return {
        "product_id": str(item.product_id),
        "name": item.name,
        "price": price,
        "weighed": item.weighed,
        "unit": item.unit,
    }


def cart_rows(view: CartView, *, selected: str) -> list[dict[str, Any]]:
    return [_row(row, selected=selected) for row in view.lines]


def _row(row: ViewLine, *, selected: str) -> dict[str, Any]:
    line = row.line
    detail = f"{quantity(line.quantity)} {line.unit} x {money(line.unit_price)}"
    if line.unit_price != line.catalog_price:
        detail += f" (was {money(line.catalog_price)})"
    if not row.discount.is_zero():
        detail += f" · discount -{money(row.discount)}"
    return {
        "line_id": line.line_id,
        "name": line.name,
        "detail": detail,
        "amount": money(row.total),
        "selected": line.line_id == selected,
    }


def summary(view: CartView) -> str:
    """``3 items · sale discount -0.36 €``; weighed lines count as one item each."""
    if not view.lines:
        return EMPTY
    count = sum((row.line.quantity for row in view.lines if not row.line.weighed), Decimal(0))
    count += sum(1 for row in view.lines if row.line.weighed)
    parts = [f"{quantity(count)} {'item' if count == 1 else 'items'}"]
    if not view.sale_discount.is_zero():
        parts.append(f"sale discount -{money(view.sale_discount)}")
    return " · ".join(parts)
