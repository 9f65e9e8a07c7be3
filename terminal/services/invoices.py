"""An invoice request at the till: an ``invoice_order`` fact for a completed receipt
and a customer; head office turns it into a numbered invoice (DESIGN.md)."""

from __future__ import annotations

import uuid

from kassa.terminal.services.cart_codec import customer_to_dict
from kassa.terminal.services.errors import InvalidInput, NotFound
from kassa.terminal.services.events import InvoiceOrderCreated
from kassa.terminal.services.sale_context import SaleContext


class InvoiceRequests:
    def __init__(self, ctx: SaleContext) -> None:
        self.ctx = ctx

    def request(self, *, receipt_number: str, customer_id: uuid.UUID) -> InvoiceOrderCreated:
        """One invoice order per receipt; a second request is refused."""
        operator = self.ctx.auth.require()
        receipt = self.ctx.facts.by_number(receipt_number.strip())
        if receipt is None or receipt.type != "receipt" or receipt.payload.get("kind") != "sale":
            raise NotFound(f"No sale receipt {receipt_number!r} on this terminal")
        customer = self.ctx.customers.by_id(customer_id)
        if customer is None:
            raise NotFound("That customer is not on this terminal: search again or sync")
        if not customer.tax_id:
            raise InvalidInput(f"{customer.name} has no tax id: an invoice needs one")
        earlier = self.ctx.facts.referring(
            type="invoice_order", key="receipt_number", value=receipt.number or ""
        )
        if earlier:
            raise InvalidInput(
                f"Receipt {receipt.number} already has invoice order {earlier[0].number}"
            )
        payload = {
            "receipt_number": receipt.number,
            "receipt_id": str(receipt.id),
            "customer": customer_to_dict(customer),
            "currency": receipt.payload["currency"],
            "lines": receipt.payload["lines"],
            "taxes": receipt.payload.get("taxes", []),
            "total": receipt.payload["total"],
            "requested_by": operator.as_payload(),
        }
        fact = self.ctx.facts.record(
            type="invoice_order", payload=payload, number_kind="invoice_order"
        )
        self.ctx.outputs.print_fact(fact)
        self.ctx.outputs.nudge_sync()
        return InvoiceOrderCreated(
            fact_id=fact.id,
            number=fact.number or "",
            receipt_number=receipt.number or "",
            customer_id=customer.id,
            at=fact.device_time,
        )
