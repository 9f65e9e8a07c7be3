"""Split tender in a store whose cash rounds to 0.05 (Switzerland): the card pays
exactly, only the cash part is rounded; the rounding is on the receipt and in the Z."""

from __future__ import annotations

from terminal_rig import build_rig

from kassa.core.money import Money
from kassa.devices.layout.text_render import text_lines
from kassa.terminal.services.adapters.receipt_layout import layout
from kassa.terminal.services.events import Tender


def chf(text: str) -> Money:
    return Money.of(text, "CHF")


def _ten_oh_three(rig) -> None:
    rig.pos.sale.scan("4006381333931")  # milk 1.29
    view = rig.pos.sale.scan("036000291452")  # wine 8.99
    wine = view.lines[-1].line.line_id
    rig.pos.sale.override_price(wine, chf("8.74"))  # the manager marks it down: 10.03


def _text(kind: str, document: dict) -> str:
    return "\n".join(" ".join(line.split()) for line in text_lines(layout(kind, document), 42))


def test_card_then_cash_rounds_only_the_cash_part(tmp_path):
    rig = build_rig(tmp_path, cash_step=5, currency="CHF")
    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=chf("0"))
    _ten_oh_three(rig)
    assert rig.pos.sale.view().total == chf("10.03")
    terms = rig.pos.sale.payment_terms()
    after_card = terms.balance([Tender("card", chf("5.00"), "SLIP-1")])
    assert after_card.left_in_cash == chf("5.05")  # 5.03 rounded to the nearest 0.05
    assert after_card.left_by_card == chf("5.03")

    done = rig.pos.sale.checkout([Tender("card", chf("5.00"), "SLIP-1"), Tender("cash", chf("10"))])
    assert (done.total, done.rounding, done.due, done.change) == (
        chf("10.03"),
        chf("0.02"),
        chf("10.05"),
        chf("4.95"),
    )
    fact = rig.facts.by_number(done.number)
    assert [(t["method"], t["amount"]) for t in fact.payload["tenders"]] == [
        ("card", 500),  # exact
        ("cash", 505),  # the rounded cash part, net of change
    ]
    assert fact.payload["rounding"] == 2
    kind, printed = rig.printer.jobs[-1]
    receipt = _text(kind, printed)
    assert "Rounding 0.02" in receipt and "To pay 10.05" in receipt
    assert "Change 4.95" in receipt

    # a card-only sale in the same shift is not rounded
    rig.pos.sale.scan("4006381333931")
    card = rig.pos.sale.checkout([Tender("card", chf("1.29"), "SLIP-2")])
    assert card.rounding == chf("0")

    shift = rig.pos.shift.current()
    assert shift.rounding == chf("0.02")
    assert shift.expected_cash == chf("5.05")
    rig.pos.shift.count({500: 1, 5: 1})
    closed = rig.pos.shift.close()
    assert closed.over_short == chf("0")
    kind, z = rig.printer.jobs[-1]
    assert kind == "shift_closed" and "Cash rounding 0.02" in _text(kind, z)
