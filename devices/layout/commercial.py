"""Offer, sales order and invoice layouts (field sales print them on a mobile printer)."""

from __future__ import annotations

from kassa.core.document import DocumentKind
from kassa.core.tax import PriceMode
from kassa.devices.layout import blocks
from kassa.devices.layout import document as d
from kassa.devices.layout.inputs import CommercialInput, PaperFormat, StoreInfo
from kassa.devices.layout.recorded import from_totals

TITLES = {
    DocumentKind.OFFER: "OFFER",
    DocumentKind.SALES_ORDER: "SALES ORDER",
    DocumentKind.INVOICE_ORDER: "INVOICE ORDER",
    DocumentKind.INVOICE: "INVOICE",
}
REFERENCES = {DocumentKind.SALES_ORDER: "Your offer", DocumentKind.INVOICE: "Order"}


def commercial_document(
    c: CommercialInput, *, store: StoreInfo, fmt: PaperFormat | None = None
) -> d.PrintDocument:
    fmt = fmt or PaperFormat()
    totals = from_totals(c.totals, c.names)
    kind = totals.kind
    if kind not in TITLES:
        raise ValueError(f"{kind.value} is printed with receipt_document, not as an offer/order")
    name = fmt.label(TITLES[kind])
    doc = d.PrintDocument(f"{name.title()} {c.number}")
    doc.add(*blocks.store_header(store), *blocks.title(name, copy=c.copy))
    doc.add(d.Columns(f"{fmt.label('No.')} {c.number}", fmt.day(c.issued_at.astimezone(fmt.zone))))
    if c.reference:
        doc.add(d.Text(f"{fmt.label(REFERENCES.get(kind, 'Reference'))}: {c.reference}"))
    doc.add(d.Separator(), d.Text(fmt.label("Customer"), bold=True), d.Text(c.customer.name))
    for line in c.customer.address:
        doc.add(d.Text(line))
    if c.customer.number:
        doc.add(d.Text(f"{fmt.label('Customer no.')} {c.customer.number}"))
    if c.customer.tax_id:
        doc.add(d.Text(c.customer.tax_id))
    doc.add(d.Separator())
    if totals.mode is PriceMode.NET:
        doc.add(d.Text(fmt.label("Prices net, tax added below"), align="right"))
    doc.add(*blocks.item_lines(totals.lines, fmt))
    doc.add(*blocks.totals_block(totals, fmt))
    if totals.optional:
        doc.add(d.Separator(" "), d.Text(fmt.label("Optional, not included:"), bold=True))
        doc.add(*blocks.item_lines(totals.optional, fmt))
    doc.add(*blocks.tax_table(totals.breakdown, fmt))
    doc.add(d.Separator())
    dates = (
        ("Valid until", c.valid_until),
        ("Delivery", c.delivery_date),
        ("Due date", c.due_date),
    )
    for label, value in dates:
        if value is not None:
            doc.add(d.Columns(fmt.label(label), fmt.day(value), bold=True))
    if c.payment_terms:
        doc.add(d.Text(f"{fmt.label('Payment terms')}: {c.payment_terms}"))
    if c.salesperson:
        doc.add(d.Text(f"{fmt.label('Your contact')}: {c.salesperson}"))
    for note in c.notes:
        doc.add(d.Text(note))
    if kind is not DocumentKind.INVOICE:
        doc.add(d.Feed(1), d.Text(f"{fmt.label('Customer signature')}: ____________"))
    doc.add(*blocks.footer(store, c.number, qr=True))
    return doc
