"""X and Z report and cash in/out slip layouts."""

from __future__ import annotations

from kassa.core.shift import MovementKind
from kassa.devices.layout import blocks
from kassa.devices.layout import document as d
from kassa.devices.layout.inputs import CashSlipInput, PaperFormat, ShiftReportInput, StoreInfo


def shift_report_document(
    r: ShiftReportInput, *, store: StoreInfo, fmt: PaperFormat | None = None
) -> d.PrintDocument:
    """An X report (figures so far) or a Z report (closes the shift)."""
    fmt = fmt or PaperFormat()
    z = r.figures
    m = fmt.money
    doc = d.PrintDocument(f"{r.kind} report {r.number}")
    doc.add(
        *blocks.store_header(store), *blocks.title(f"{r.kind} {fmt.label('REPORT')} {r.number}")
    )
    if r.kind == "X":
        doc.add(d.Text(fmt.label("Interim figures - the shift stays open"), align="center"))
    doc.add(d.Columns(fmt.label("Opened"), fmt.when(r.opened_at)))
    doc.add(d.Columns(fmt.label("Closed" if r.kind == "Z" else "Printed"), fmt.when(r.printed_at)))
    if r.terminal or r.cashier:
        doc.add(d.Columns(f"{fmt.label('Till')} {r.terminal}", r.cashier))
    doc.add(d.Separator(), d.Text(fmt.label("SALES"), bold=True))
    doc.add(d.Columns(fmt.label("Receipts"), str(z.receipts)))
    doc.add(d.Columns(fmt.label("Sales"), m(z.sales)))
    doc.add(d.Columns(fmt.label("Returns"), m(-z.returns)))
    doc.add(d.Columns(fmt.label("Discounts given"), m(z.discounts)))
    doc.add(d.Columns(f"{fmt.label('Net sales')} {z.currency.code}", m(z.net), bold=True))
    doc.add(*blocks.tax_table(z.breakdown, fmt))
    doc.add(d.Separator(), d.Text(fmt.label("CASH"), bold=True))
    doc.add(d.Columns(fmt.label("Opening float"), m(z.opening_float)))
    doc.add(d.Columns(fmt.label("Cash in"), m(z.cash_in)))
    doc.add(d.Columns(fmt.label("Cash out"), m(-z.cash_out)))
    doc.add(d.Separator())
    if r.counted:
        doc.add(
            d.Row(tuple(fmt.label(w) for w in ("Tender", "Expected", "Counted", "Diff")), bold=True)
        )
    else:
        doc.add(d.Row((fmt.label("Tender"), fmt.label("Expected")), bold=True))
    for b in z.balances:
        name = fmt.label(b.method[1].replace("_", " ").title())
        if r.counted:
            doc.add(d.Row((name, m(b.expected), m(b.counted), m(b.difference))))
        else:
            doc.add(d.Row((name, m(b.expected))))
    if r.kind == "Z":
        doc.add(d.Separator(), d.Text(fmt.label("GRAND TOTAL (never reset)"), bold=True))
        before, after = z.grand_total_before, z.grand_total_after
        doc.add(d.Row(("", fmt.label("Before"), fmt.label("After")), bold=True))
        doc.add(d.Row((fmt.label("Sales"), m(before.sales), m(after.sales))))
        doc.add(d.Row((fmt.label("Returns"), m(before.returns), m(after.returns))))
        doc.add(d.Row((fmt.label("Net"), m(before.net), m(after.net)), bold=True))
    doc.add(d.Feed(1), d.Text(f"{fmt.label('Signature')}: ________________"), d.Cut())
    return doc


def cash_slip_document(
    s: CashSlipInput, *, store: StoreInfo, fmt: PaperFormat | None = None
) -> d.PrintDocument:
    """The slip for cash put into (change) or taken out of (bank drop, payout) the drawer."""
    fmt = fmt or PaperFormat()
    into = s.movement.kind is MovementKind.CASH_IN
    name = fmt.label("CASH IN" if into else "CASH OUT")
    doc = d.PrintDocument(f"{'Cash in' if into else 'Cash out'} {s.number}")
    doc.add(*blocks.store_header(store), *blocks.title(name))
    doc.add(d.Columns(f"{fmt.label('No.')} {s.number}", fmt.when(s.at)))
    if s.terminal or s.cashier:
        doc.add(d.Columns(f"{fmt.label('Till')} {s.terminal}", s.cashier))
    if s.shift:
        doc.add(d.Text(f"{fmt.label('Shift')} {s.shift}"))
    doc.add(d.Separator())
    amount = s.movement.amount
    doc.add(blocks.big_amount(fmt.label("Amount"), amount, fmt))
    if s.movement.reason:
        doc.add(d.Text(f"{fmt.label('Reason')}: {s.movement.reason}"))
    doc.add(d.Feed(2), d.Text(f"{fmt.label('Signature')}: ________________"), d.Feed(1))
    doc.add(d.Barcode(s.number), d.Cut())
    return doc
