"""Example documents for every layout, computed with core's real rules.

Used for the committed previews in docs/receipts/ (``kassa devices previews``),
for the printer test page, and by the tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from kassa.core.cash_rounding import CashRounding
from kassa.core.discount import Discount
from kassa.core.document import DocumentKind, Line, compute_totals
from kassa.core.money import Money
from kassa.core.payment import Tender, TenderKind, settle
from kassa.core.refund import plan_refund
from kassa.core.shift import CASH, CashMovement, MovementKind, expected_per_tender, reconcile
from kassa.core.tax import PriceMode, TaxRate, TaxRounding
from kassa.core.z_report import GrandTotal, z_report
from kassa.devices.layout import document as d
from kassa.devices.layout.commercial import commercial_document
from kassa.devices.layout.inputs import (
    CashSlipInput,
    CommercialInput,
    Party,
    ReceiptInput,
    ShiftReportInput,
    StoreInfo,
)
from kassa.devices.layout.receipt import receipt_document
from kassa.devices.layout.reports import cash_slip_document, shift_report_document

EUR = "EUR"
STD, RED = TaxRate("A", Decimal("19")), TaxRate("B", Decimal("7"))
STORE = StoreInfo(
    name="Bäckerei Müller",
    address=("Königstraße 12", "70173 Stuttgart"),
    phone="Tel. 0711 123456",
    tax_id="USt-IdNr. DE123456789",
    footer=("Danke für Ihren Einkauf!", "Merci · Gracias · Tack så mycket"),
    logo=str(Path(__file__).parent / "assets" / "sample_logo.png"),
)
NAMES = {
    "croissant": "Croissant",
    "brot": "Bauernbrot 1 kg",
    "kaffee": "Café crème",
    "smor": "Smørrebrød Lachs",
    "äpfel": "Äpfel Boskop (kg)",
    "jamon": "Jamón ibérico, 100 g, aus España, mit ñ",
    "torte": "Sachertorte 26 cm",
    "tray": "Party tray for 12",
}
AT = datetime(2026, 11, 23, 17, 42, tzinfo=UTC)


def _m(amount: str) -> Money:
    return Money.of(amount, EUR)


def _sale_lines() -> list[Line]:
    return [
        Line(Decimal(2), _m("1.45"), RED, ref="croissant"),
        Line(Decimal(1), _m("4.20"), RED, ref="brot"),
        Line(Decimal(1), _m("3.10"), STD, ref="kaffee"),
        Line(Decimal(1), _m("6.90"), RED, ref="smor", discount=Discount.percent_off(10)),
        Line(Decimal("1.235"), _m("2.99"), RED, ref="äpfel"),
        Line(Decimal(1), _m("5.49"), RED, ref="jamon"),
    ]


def receipt() -> ReceiptInput:
    totals = compute_totals(
        _sale_lines(),
        kind=DocumentKind.RECEIPT,
        code=EUR,
        mode=PriceMode.GROSS,
        rounding=TaxRounding.PER_DOCUMENT,
    )
    tenders = [
        Tender(TenderKind.CARD, _m("10.00"), method="girocard", reference="#4711"),
        Tender(TenderKind.CASH, _m("20.00")),
    ]
    settlement = settle(total=totals.gross, tenders=tenders, cash_rounding=CashRounding(_m("0.05")))
    return ReceiptInput(
        number="S1-T2-000042",
        issued_at=AT,
        totals=totals,
        names=NAMES,
        settlement=settlement,
        cashier="Jürgen",
        terminal="T2",
    )


def return_receipt() -> ReceiptInput:
    lines = [
        Line(Decimal(-1), _m("6.90"), RED, ref="smor"),
        Line(Decimal(-1), _m("3.10"), STD, ref="kaffee"),
    ]
    totals = compute_totals(
        lines,
        kind=DocumentKind.RECEIPT,
        code=EUR,
        mode=PriceMode.GROSS,
        rounding=TaxRounding.PER_DOCUMENT,
    )
    refund = plan_refund(amount=-totals.gross, paid=[Tender(TenderKind.CASH, _m("30.00"))])
    return ReceiptInput(
        number="S1-T2-000043",
        issued_at=AT,
        totals=totals,
        names=NAMES,
        refund=refund,
        cashier="Jürgen",
        terminal="T2",
        returns="S1-T2-000042",
    )


def shift_report(kind: str = "Z") -> ShiftReportInput:
    sale = receipt()
    back = return_receipt()
    movements = [
        CashMovement(MovementKind.CASH_IN, _m("50.00"), "Wechselgeld"),
        CashMovement(MovementKind.CASH_OUT, _m("200.00"), "Bank"),
    ]
    taken = list(sale.settlement.tenders)
    expected = expected_per_tender(
        opening_float=_m("150.00"),
        movements=movements,
        taken=taken,
        refunded=list(back.refund.tenders),
    )
    counted = {method: amount for method, amount in expected.items()}
    counted[CASH] = expected[CASH] - _m("0.40")
    balances = reconcile(expected=expected, counted=counted if kind == "Z" else expected)
    figures = z_report(
        receipts=[sale.totals, back.totals],
        opening_float=_m("150.00"),
        movements=movements,
        balances=balances,
        grand_total_before=GrandTotal(_m("182340.55"), _m("1203.10")),
    )
    return ShiftReportInput(
        kind=kind,
        number="Z-0311" if kind == "Z" else "X-0311-2",
        opened_at=datetime(2026, 11, 23, 6, 0, tzinfo=UTC),
        printed_at=AT,
        figures=figures,
        terminal="T2",
        cashier="Jürgen",
        counted=kind == "Z",
    )


def cash_slip(direction: str = "out") -> CashSlipInput:
    kind = MovementKind.CASH_OUT if direction == "out" else MovementKind.CASH_IN
    reason = "Einzahlung Bank (Sparkasse)" if direction == "out" else "Wechselgeld für Kasse 2"
    return CashSlipInput(
        number="S1-T2-C-0007",
        at=AT,
        movement=CashMovement(kind, _m("200.00"), reason),
        cashier="Jürgen",
        terminal="T2",
        shift="Z-0311",
    )


def commercial(kind: DocumentKind) -> CommercialInput:
    lines = [
        Line(Decimal(3), _m("28.50"), RED, ref="torte"),
        Line(Decimal(2), _m("39.00"), RED, ref="tray", discount=Discount.amount_off(_m("5.00"))),
    ]
    if kind is DocumentKind.OFFER:
        lines.append(Line(Decimal(10), _m("2.40"), STD, ref="kaffee", optional=True))
    totals = compute_totals(
        lines,
        kind=kind,
        code=EUR,
        mode=PriceMode.NET,
        rounding=TaxRounding.PER_DOCUMENT,
        document_discount=Discount.percent_off(3),
    )
    number = {
        DocumentKind.OFFER: "OF-2026-0150",
        DocumentKind.SALES_ORDER: "SO-2026-0098",
        DocumentKind.INVOICE: "RE-2026-01234",
    }[kind]
    reference = {DocumentKind.SALES_ORDER: "OF-2026-0150", DocumentKind.INVOICE: "SO-2026-0098"}
    return CommercialInput(
        number=number,
        issued_at=AT,
        customer=Party(
            "Hôtel Åkerström GmbH",
            ("Schloßallee 5", "70176 Stuttgart"),
            tax_id="USt-IdNr. DE987654321",
            number="K-10023",
        ),
        totals=totals,
        names=NAMES,
        reference=reference.get(kind, ""),
        valid_until=date(2026, 12, 7) if kind is DocumentKind.OFFER else None,
        delivery_date=date(2026, 11, 28) if kind is DocumentKind.SALES_ORDER else None,
        due_date=date(2026, 12, 7) if kind is DocumentKind.INVOICE else None,
        payment_terms="14 Tage netto" if kind is not DocumentKind.OFFER else "",
        salesperson="Señora Núñez",
    )


def all_documents() -> dict[str, d.PrintDocument]:
    """Every layout with sample data, by file stem."""
    return {
        "receipt": receipt_document(receipt(), store=STORE),
        "return_receipt": receipt_document(return_receipt(), store=STORE),
        "x_report": shift_report_document(shift_report("X"), store=STORE),
        "z_report": shift_report_document(shift_report("Z"), store=STORE),
        "cash_in": cash_slip_document(cash_slip("in"), store=STORE),
        "cash_out": cash_slip_document(cash_slip("out"), store=STORE),
        "offer": commercial_document(commercial(DocumentKind.OFFER), store=STORE),
        "sales_order": commercial_document(commercial(DocumentKind.SALES_ORDER), store=STORE),
        "invoice": commercial_document(commercial(DocumentKind.INVOICE), store=STORE),
    }
