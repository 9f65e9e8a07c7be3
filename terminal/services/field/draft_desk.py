"""Building a draft offer or order: the customer, lines at their prices, quantities.

Every change re-prices the line at the customer's price for its new quantity
(quantity breaks apply), so what the rep sees is what is recorded.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from kassa.core.tax import PriceMode, TaxRate
from kassa.sync.field_facts import CustomerRef
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import InvalidInput, NotAllowed
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.customers import CustomerBook
from kassa.terminal.services.field.drafts import Draft, DraftLine, Priced, priced
from kassa.terminal.services.field.prices import CustomerPrices
from kassa.terminal.services.field.tables import PRICE_LISTS, as_uuid

OFFER_VALID_DAYS = 30


def quantity_of(text: str | Decimal | int) -> Decimal:
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(f"{text!r} is not a quantity: type a number like 2 or 1.5") from None
    if not value.is_finite() or value <= 0:
        raise InvalidInput(f"Quantity {text} must be more than zero")
    if value != value.quantize(Decimal("0.001")):
        raise InvalidInput(f"Quantity {text} has more than 3 decimals")
    return value


class DraftDesk:
    def __init__(self, ctx: FieldContext, customers: CustomerBook, prices: CustomerPrices) -> None:
        self.ctx, self.customers, self.prices = ctx, customers, prices

    def new(self, kind: str, customer_id: uuid.UUID, *, deal_id: uuid.UUID | None = None) -> Draft:
        """An empty offer (valid 30 days) or sales order for the customer."""
        customer_id, deal_id = as_uuid(customer_id), as_uuid(deal_id)
        self.ctx.rep()
        customer = self.customers.get(customer_id)
        if customer.get("archived"):
            raise NotAllowed(f"{customer['name']} is archived: no new offers or orders")
        list_id = customer.get("price_list_id")
        mode = "gross"
        if list_id is not None:
            with reading(self.ctx.replica) as connection:
                head = connection.execute(
                    PRICE_LISTS.select().where(PRICE_LISTS.c.id == list_id)
                ).first()
            mode = "gross" if head is None or head.includes_tax else "net"
        return Draft(
            kind=kind,
            customer=CustomerRef(
                customer_id=customer["id"],
                name=customer["name"],
                tax_number=customer.get("tax_number") or "",
            ),
            price_list_id=list_id,
            currency=self.ctx.currency,
            price_mode=mode,
            valid_until=self.ctx.today() + timedelta(days=OFFER_VALID_DAYS)
            if kind == "offer"
            else None,
            deal_id=deal_id,
        )

    def add_line(
        self, draft: Draft, product_id: uuid.UUID, *, quantity="1", optional: bool = False
    ) -> Draft:
        if optional and draft.kind != "offer":
            raise InvalidInput("Only an offer has optional lines")
        product = as_uuid(product_id)
        line = self._priced_line(draft, product, quantity_of(quantity), draft.next_line_id())
        draft.lines.append(replace(line, optional=optional))
        return draft

    def set_quantity(self, draft: Draft, line_id: str, quantity) -> Draft:
        old = draft.line(line_id)
        line = self._priced_line(draft, old.product_id, quantity_of(quantity), line_id)
        draft.change(line_id, quantity=line.quantity, unit_price_minor=line.unit_price_minor)
        return draft

    def set_optional(self, draft: Draft, line_id: str, optional: bool) -> Draft:
        if optional and draft.kind != "offer":
            raise InvalidInput("Only an offer has optional lines")
        draft.line(line_id)
        draft.change(line_id, optional=optional)
        return draft

    def remove_line(self, draft: Draft, line_id: str) -> Draft:
        draft.line(line_id)
        draft.lines = [ln for ln in draft.lines if ln.line_id != line_id]
        return draft

    def set_valid_until(self, draft: Draft, day: date) -> Draft:
        if day < self.ctx.today():
            raise InvalidInput(f"Valid until {day:%d.%m.%Y} is in the past: pick a later day")
        draft.valid_until = day
        return draft

    def amounts(self, draft: Draft) -> Priced:
        return priced(
            draft.lines, kind=draft.kind, currency=draft.currency, price_mode=draft.price_mode
        )

    def _priced_line(
        self, draft: Draft, product_id: uuid.UUID, quantity: Decimal, line_id: str
    ) -> DraftLine:
        found = self.prices.price(product_id, quantity=quantity, price_list_id=draft.price_list_id)
        mode = PriceMode.GROSS if draft.price_mode == "gross" else PriceMode.NET
        unit = found.price.in_mode(mode, TaxRate(found.tax_code, found.tax_rate))
        return DraftLine(
            line_id=line_id, product_id=found.product_id, sku=found.sku, name=found.name,
            unit=found.unit, quantity=quantity, unit_price_minor=unit.minor,
            tax_code=found.tax_code, tax_rate=found.tax_rate,
        )  # fmt: skip
