"""X and Z report and cash in/out slip layouts."""

from __future__ import annotations

from collections.abc import Iterator

from kassa.core.shift import MovementKind
from kassa.devices.layout import blocks
from kassa.devices.layout import document as d
from kassa.devices.layout.inputs import CashSlipInput, PaperFormat, ShiftReportInput, StoreInfo
from kassa.devices.layout.recorded import ShiftFigures, from_z_report


def shift_report_document(
    r: ShiftReportInput, *, store: StoreInfo, fmt: PaperFormat | None = None
) -> d.PrintDocument:
    """An X report (figures so far) or a Z report (closes the shift)."""
    fmt = fmt or PaperFormat()
    z = from_z_report(r.figures)
    m = fmt.money
    title = f"{r.kind} {fmt.label('REPORT')} {r.number}".strip()
    doc = d.PrintDocument(f"{r.kind} report {r.number}".strip())
    doc.add(*blocks.store_header(store), *blocks.title(title, copy=r.copy))
    if r.kind == "X":
        doc.add(d.Text(fmt.label("Interim figures - the shift stays open"), align="center"))
    doc.add(d.Columns(fmt.label("Opened"), fmt.when(r.opened_at)))
    doc.add(d.Columns(fmt.label("Closed" if r.kind == "Z" else "Printed"), fmt.when(r.printed_at)))
    if r.terminal or r.cashier:
        doc.add(d.Columns(f"{fmt.label('Till')} {r.terminal}", r.cashier))
    doc.add(d.Separator(), d.Text(fmt.label("SALES"), bold=True))
    for label, count in z.counts:
        doc.add(d.Columns(fmt.label(label), str(count)))
    doc.add(d.Columns(fmt.label("Sales"), m(z.sales)))
    doc.add(d.Columns(fmt.label("Returns"), m(-z.returns)))
    if z.discounts is not None:
        doc.add(d.Columns(fmt.label("Discounts given"), m(z.discounts)))
    doc.add(d.Columns(f"{fmt.label('Net sales')} {z.sales.currency.code}", m(z.net), bold=True))
    doc.add(*blocks.tax_table(z.breakdown, fmt))
    if z.tax_by_rate:
        doc.add(d.Separator(), d.Columns(fmt.label("Tax rate"), fmt.label("Tax"), bold=True))
        for rate, tax in z.tax_by_rate:
            doc.add(d.Columns(fmt.percent(rate), m(tax)))
    doc.add(d.Separator(), d.Text(fmt.label("CASH"), bold=True))
    doc.add(d.Columns(fmt.label("Opening float"), m(z.opening_float)))
    doc.add(d.Columns(fmt.label("Cash in"), m(z.cash_in)))
    doc.add(d.Columns(fmt.label("Cash out"), m(-z.cash_out)))
    if z.rounding is not None:
        doc.add(d.Columns(fmt.label("Cash rounding"), m(z.rounding)))
    doc.add(*_balances(z, fmt, counted=r.counted))
    doc.add(*_grand_total(z, fmt, kind=r.kind))
    doc.add(d.Feed(1), d.Text(f"{fmt.label('Signature')}: ________________"), d.Cut())
    return doc


def _balances(z: ShiftFigures, fmt: PaperFormat, *, counted: bool) -> Iterator[d.Element]:
    m = fmt.money
    yield d.Separator()
    if counted:
        yield d.Row(
            tuple(fmt.label(w) for w in ("Tender", "Expected", "Counted", "Diff")), bold=True
        )
    else:
        yield d.Row((fmt.label("Tender"), fmt.label("Expected")), bold=True)
    for b in z.balances:
        name = fmt.label(b.name)
        if counted:
            got, diff = b.counted, b.difference
            shown = ("-", "") if got is None or diff is None else (m(got), m(diff))
            yield d.Row((name, m(b.expected), *shown))
        else:
            yield d.Row((name, m(b.expected)))


def _grand_total(z: ShiftFigures, fmt: PaperFormat, *, kind: str) -> Iterator[d.Element]:
    if kind != "Z":
        return
    m = fmt.money
    before, after = z.grand_total_before, z.grand_total_after
    if before is not None and after is not None:
        yield d.Separator()
        yield d.Text(fmt.label("GRAND TOTAL (never reset)"), bold=True)
        yield d.Row(("", fmt.label("Before"), fmt.label("After")), bold=True)
        yield d.Row((fmt.label("Sales"), m(before.sales), m(after.sales)))
        yield d.Row((fmt.label("Returns"), m(before.returns), m(after.returns)))
        yield d.Row((fmt.label("Net"), m(before.net), m(after.net)), bold=True)
    elif z.grand_total_net is not None:
        yield d.Separator()
        yield d.Columns(fmt.label("Grand total (never reset)"), m(z.grand_total_net), bold=True)


def cash_slip_document(
    s: CashSlipInput, *, store: StoreInfo, fmt: PaperFormat | None = None
) -> d.PrintDocument:
    """The slip for cash put into (change) or taken out of (bank drop, payout) the drawer."""
    fmt = fmt or PaperFormat()
    into = s.movement.kind is MovementKind.CASH_IN
    name = fmt.label("CASH IN" if into else "CASH OUT")
    doc = d.PrintDocument(f"{'Cash in' if into else 'Cash out'} {s.number}".strip())
    doc.add(*blocks.store_header(store), *blocks.title(name))
    doc.add(d.Columns(f"{fmt.label('No.')} {s.number}" if s.number else "", fmt.when(s.at)))
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
    if s.number:
        doc.add(d.Barcode(s.number))
    doc.add(d.Cut())
    return doc
