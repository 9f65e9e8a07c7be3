"""Receipt and return receipt layouts."""

from __future__ import annotations

from kassa.devices.layout import blocks
from kassa.devices.layout import document as d
from kassa.devices.layout.inputs import PaperFormat, ReceiptInput, StoreInfo
from kassa.devices.layout.recorded import from_totals


def receipt_document(
    r: ReceiptInput, *, store: StoreInfo, fmt: PaperFormat | None = None
) -> d.PrintDocument:
    """A sale receipt, or a return receipt when ``r.returns`` names the original."""
    fmt = fmt or PaperFormat()
    totals = from_totals(r.totals, r.names)
    is_return = bool(r.returns) or totals.gross.minor < 0
    kind = fmt.label("RETURN") if is_return else fmt.label("RECEIPT")
    doc = d.PrintDocument(f"{'Return receipt' if is_return else 'Receipt'} {r.number}")
    doc.add(*blocks.store_header(store), *blocks.title(kind, copy=r.copy))
    doc.add(d.Columns(f"{fmt.label('No.')} {r.number}", fmt.when(r.issued_at)))
    who = [f"{fmt.label('Cashier')}: {r.cashier}" if r.cashier else ""]
    if r.cashier or r.terminal:
        doc.add(d.Columns(who[0], f"{fmt.label('Till')} {r.terminal}" if r.terminal else ""))
    if r.customer:
        doc.add(d.Text(f"{fmt.label('Customer')}: {r.customer}"))
    if r.returns:
        doc.add(d.Text(f"{fmt.label('Returns receipt')} {r.returns}", bold=True))
    if r.reason:
        doc.add(d.Text(f"{fmt.label('Reason')}: {r.reason}"))
    doc.add(d.Separator())
    doc.add(*blocks.item_lines(totals.lines, fmt))
    doc.add(*blocks.totals_block(totals, fmt, label="REFUND" if is_return else "TOTAL"))
    if r.settlement is not None:
        s = r.settlement
        if s.rounding.minor:
            doc.add(d.Columns(fmt.label("Rounding"), fmt.money(s.rounding)))
            doc.add(d.Columns(fmt.label("To pay"), fmt.money(s.paid), bold=True))
        doc.add(d.Separator(" "), *blocks.tender_lines(s.tenders, s.change, fmt))
    if r.refund is not None:
        if r.refund.rounding.minor:
            doc.add(d.Columns(fmt.label("Rounding"), fmt.money(-r.refund.rounding)))
            doc.add(d.Columns(fmt.label("To pay back"), fmt.money(-r.refund.paid_back), bold=True))
        doc.add(d.Separator(" "), d.Text(fmt.label("Paid back"), bold=True))
        doc.add(*blocks.tender_lines(r.refund.tenders, r.refund.rounding.times(0), fmt))
    doc.add(*blocks.tax_table(totals.breakdown, fmt))
    if is_return:
        doc.add(d.Feed(1), d.Text(fmt.label("Customer signature") + ":"), d.Feed(1))
        doc.add(d.Text("_" * 24))
    doc.add(*blocks.footer(store, r.number))
    return doc
