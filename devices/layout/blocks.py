"""Pieces every layout shares: store header, item lines, totals, tax table, footer."""

from __future__ import annotations

from collections.abc import Iterator

from kassa.core.money import Money
from kassa.core.payment import Tender, TenderKind
from kassa.core.tax import PriceMode, TaxRow
from kassa.devices.layout import document as d
from kassa.devices.layout.inputs import PaperFormat, StoreInfo
from kassa.devices.layout.recorded import RecordedLine, RecordedTotals

NARROWEST_LARGE = 16  # double-width characters on a 58 mm (32 column) printer


def store_header(store: StoreInfo) -> Iterator[d.Element]:
    if store.logo:
        yield d.Logo(store.logo)
    yield d.Text(store.name, align="center", bold=True, size="large")
    for line in store.address:
        yield d.Text(line, align="center")
    if store.phone:
        yield d.Text(store.phone, align="center")
    if store.tax_id:
        yield d.Text(store.tax_id, align="center")
    yield d.Feed(1)


def title(text: str, *, copy: bool = False) -> Iterator[d.Element]:
    if copy:
        yield d.Text("*** COPY ***", align="center", bold=True)
    yield d.Text(text, align="center", bold=True, size="tall")


def item_lines(lines: tuple[RecordedLine, ...], fmt: PaperFormat) -> Iterator[d.Element]:
    for line in lines:
        amount = f"{fmt.money(line.amount)} {line.tax_code}"
        if line.quantity == 1:
            yield d.Columns(line.name, amount)
        else:
            yield d.Text(line.name)
            unit = f"  {fmt.qty(line.quantity)} x {fmt.money(line.unit_price)}"
            yield d.Columns(unit, amount)
        if line.discount.minor:
            what = fmt.label("Discount")
            if line.discount_percent is not None:
                what += f" {fmt.percent(line.discount_percent)}"
            yield d.Columns(f"  {what}", fmt.money(-line.discount))


def totals_block(
    totals: RecordedTotals, fmt: PaperFormat, *, label: str = "TOTAL"
) -> Iterator[d.Element]:
    yield d.Separator()
    if totals.document_discount.minor:
        net_mode = totals.mode is PriceMode.NET
        before = (totals.net if net_mode else totals.gross) + totals.document_discount
        yield d.Columns(fmt.label("Subtotal"), fmt.money(before))
        yield d.Columns(fmt.label("Discount"), fmt.money(-totals.document_discount))
    if totals.mode is PriceMode.NET:
        yield d.Columns(fmt.label("Net"), fmt.money(totals.net))
        yield d.Columns(fmt.label("Tax"), fmt.money(totals.tax))
    yield big_amount(fmt.label(label), totals.gross, fmt)


def big_amount(label: str, amount: Money, fmt: PaperFormat) -> d.Columns:
    """A double-size total; the currency code joins the label where 58 mm paper has room."""
    text, with_code = fmt.money(amount), f"{label} {amount.currency.code}"
    if len(with_code) + len(text) + 1 <= NARROWEST_LARGE:
        label = with_code
    return d.Columns(label, text, bold=True, size="large")


def tax_table(rows: tuple[TaxRow, ...], fmt: PaperFormat) -> Iterator[d.Element]:
    if not rows:
        return
    yield d.Separator()
    labels = ("Rate", "Net", "Tax", "Gross")
    yield d.Row(tuple(fmt.label(w) for w in labels), bold=True)
    for row in rows:
        rate = f"{row.rate.code} {fmt.percent(row.rate.percent)}"
        yield d.Row((rate, fmt.money(row.net), fmt.money(row.tax), fmt.money(row.gross)))


def tender_lines(
    tenders: tuple[Tender, ...], change: Money, fmt: PaperFormat, *, sign: int = 1
) -> Iterator[d.Element]:
    """Payments as the customer saw them: cash given (applied plus change), then change."""
    cash = [t.amount for t in tenders if t.kind is TenderKind.CASH]
    for tender in tenders:
        if tender.kind is not TenderKind.CASH:
            label = fmt.label(tender.method.replace("_", " ").title())
            ref = f" {tender.reference}" if tender.reference else ""
            yield d.Columns(label + ref, fmt.money(tender.amount.times(sign)))
    if cash or change.minor:
        given = Money.sum(cash, change.currency) + change
        yield d.Columns(fmt.label("Cash"), fmt.money(given.times(sign)))
    if change.minor:
        yield d.Columns(fmt.label("Change"), fmt.money(change), bold=True)


def footer(store: StoreInfo, number: str, *, qr: bool = False) -> Iterator[d.Element]:
    yield d.Feed(1)
    yield d.QrCode(number) if qr else d.Barcode(number)
    for line in store.footer:
        yield d.Text(line, align="center")
    yield d.Cut()
