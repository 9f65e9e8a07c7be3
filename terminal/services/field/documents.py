"""Printing and PDFs of the rep's offers and orders and of pulled invoices."""

from __future__ import annotations

import uuid
from datetime import UTC
from pathlib import Path
from typing import Any

from kassa.core.document import DocumentKind
from kassa.sync.field_facts import CommercialDocument
from kassa.terminal.services.errors import InvalidInput
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.customers import CustomerBook
from kassa.terminal.services.field.invoices import InvoiceShelf
from kassa.terminal.services.field.offers import OfferDesk
from kassa.terminal.services.field.orders import OrderBook
from kassa.terminal.services.field.paper import Paper, recorded_totals


def _totals(doc: CommercialDocument, kind: DocumentKind):
    return recorded_totals(
        [line.model_dump(mode="json") for line in doc.lines],
        [t.model_dump(mode="json") for t in doc.taxes],
        kind=kind,
        currency=doc.currency,
        mode=doc.price_mode,
        net=doc.net_minor,
        tax=doc.tax_minor,
        gross=doc.total_minor,
    )


class Documents:
    def __init__(
        self,
        ctx: FieldContext,
        *,
        customers: CustomerBook,
        offers: OfferDesk,
        orders: OrderBook,
        invoices: InvoiceShelf,
    ) -> None:
        self.ctx, self.paper = ctx, Paper(ctx)
        self.customers, self.offers, self.orders, self.invoices = (
            customers,
            offers,
            orders,
            invoices,
        )

    def offer(self, offer_id: uuid.UUID, revision: int | None = None):
        view = (
            self.offers.revision(offer_id, revision) if revision else self.offers.latest(offer_id)
        )
        o = view.offer
        return self.paper.document(
            number=view.number,
            issued_at=view.recorded_at,
            customer=self._party(o.customer.customer_id, o.customer.name),
            totals=_totals(o, DocumentKind.OFFER),
            valid_until=o.valid_until,
            salesperson=o.rep.name,
            notes=o.notes,
        )

    def order(self, order_id: uuid.UUID):
        view = self.orders.get(order_id)
        o = view.order
        offer = o.offer
        return self.paper.document(
            number=view.number,
            issued_at=view.recorded_at,
            customer=self._party(o.customer.customer_id, o.customer.name),
            totals=_totals(o, DocumentKind.SALES_ORDER),
            delivery_date=o.delivery_date,
            salesperson=o.rep.name,
            notes=o.notes if offer is None else "",
            reference=o.notes.removeprefix("Offer ") if offer is not None else "",
        )

    def invoice(self, invoice_id: uuid.UUID):
        row = self.invoices.get(invoice_id)
        issued = row["issued_at"]
        if issued.tzinfo is None:
            issued = issued.replace(tzinfo=UTC)
        totals = recorded_totals(
            row.get("lines") or [],
            row.get("tax_lines") or [],
            kind=DocumentKind.INVOICE,
            currency=row["currency"],
            mode=row.get("price_mode") or "net",
            net=int(row["net_minor"]),
            tax=int(row["tax_minor"]),
            gross=int(row["total_minor"]),
        )
        return self.paper.document(
            number=row["label"],
            issued_at=issued,
            customer=self._party(row["customer_id"], ""),
            totals=totals,
            due_date=row.get("due_date"),
        )

    def print(self, kind: str, document_id: uuid.UUID) -> str:
        """Queue an offer, order or invoice for the printer; returns the job id."""
        return self.paper.print(self._build(kind, document_id))

    def pdf(self, kind: str, document_id: uuid.UUID) -> Path:
        """Write the PDF to send (in the tablet's documents folder)."""
        return self._write_pdf(self._build(kind, document_id))

    def print_and_pdf(self, kind: str, document_id: uuid.UUID) -> tuple[str | None, Path]:
        """The PDF to send, and a printout when the tablet has a printer (its job id,
        else None): what a tap on an invoice or order in the 360° view gives."""
        document = self._build(kind, document_id)
        path = self._write_pdf(document)
        job = self.paper.print(document) if self.ctx.documents is not None else None
        return job, path

    def _write_pdf(self, document) -> Path:
        from kassa.terminal.services.field.pdf import write_pdf  # fpdf2: imported when used

        return write_pdf(document, self.ctx.pdf_dir, name=document.title.replace(" ", "_"))

    def _build(self, kind: str, document_id: uuid.UUID):
        builders = {"offer": self.offer, "sales_order": self.order, "invoice": self.invoice}
        if kind not in builders:
            raise InvalidInput(f"Cannot print a {kind!r}: an offer, sales_order or invoice")
        return builders[kind](document_id)

    def _party(self, customer_id: uuid.UUID, name: str) -> dict[str, Any]:
        try:
            c = self.customers.get(customer_id)
        except Exception:  # not on the tablet (yet): the name the document carries
            return {"name": name}
        city = " ".join(p for p in (c.get("postal_code"), c.get("city")) if p)
        return {
            "name": c.get("name") or name,
            "address_lines": [p for p in (c.get("address"), city) if p],
            "tax_number": c.get("tax_number") or "",
            "code": c.get("code") or "",
        }
