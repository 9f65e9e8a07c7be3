"""A customer on the sale, park and recall, an invoice request for the paid receipt,
and a reprint of the last receipt (a COPY on the simulated printer's paper)."""

from __future__ import annotations

import pytest
from ui_driver import dialog, find, sign_in, wedge_scan

from kassa.core.money import Money

pytestmark = pytest.mark.ui


def test_customer_park_recall_invoice_and_reprint(ui, rig, terminal):
    from kassa.terminal.ui.screens.customer import CustomerRow
    from kassa.terminal.ui.screens.sell import CartRow

    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=Money.of("50.00", "EUR"))
    rig.pos.auth.logout()
    frame = terminal.frame
    sign_in(ui, terminal, "1111")
    sell = frame.screen("sell")

    # Three bottles of milk: scan one, then change the line's quantity on the keypad.
    wedge_scan(ui.window, "4006381333931")
    ui.settle()
    ui.tap(find(sell, "Milk 1 l", CartRow))
    assert terminal.sale.selected
    ui.tap(find(sell, "line_qty"))
    keypad = dialog().ids.keypad
    ui.type_keys(keypad, "3")
    ui.screenshot("quantity")
    ui.tap(keypad.key("enter"))
    assert terminal.sale.total_text == "3.87 €", terminal.sale.error

    # The customer: Acme GmbH.
    ui.tap(find(sell, "customer"))
    customer = frame.screen("customer")
    customer.ids.query.text = "acme"
    ui.tap(find(customer, "customer_search"))
    ui.screenshot("customer")
    ui.tap(find(customer, "Acme GmbH", CustomerRow))
    assert frame.manager.current == "sell"
    assert terminal.sale.customer_text == "Acme GmbH"

    # Park it, serve someone else in between (nothing), recall it.
    ui.tap(find(sell, "park"))
    assert terminal.sale.lines == [] and terminal.sale.info.startswith("Parked")
    ui.tap(find(sell, "recall"))
    choices = dialog()
    ui.screenshot("recall")
    (choice,) = [w for w in choices.ids.options.children]
    assert "3.87 €" in choice.text and "Anna" in choice.text
    ui.tap(choice)
    assert terminal.sale.total_text == "3.87 €" and terminal.sale.customer_text == "Acme GmbH"

    # Pay cash, exact (the keypad's Cash key with nothing typed pays the rest).
    ui.tap(find(sell, "pay"))
    ui.tap(frame.screen("payment").ids.keypad.key("enter"))
    ui.tap(find(frame.screen("payment"), "complete"))
    assert frame.manager.current == "paid", terminal.payment.error
    number = terminal.payment.last_number

    # The customer asks for an invoice.
    ui.tap(find(frame.screen("paid"), "invoice"))
    assert frame.manager.current == "customer" and number in terminal.customer.title
    customer.ids.query.text = "acme"
    ui.tap(find(customer, "customer_search"))
    ui.tap(find(customer, "Acme GmbH", CustomerRow))
    assert terminal.customer.info.startswith("Invoice order "), terminal.customer.error
    assert f"for receipt {number} sent" in terminal.customer.info
    ui.screenshot("invoice")
    order = rig.facts.referring(type="invoice_order", key="receipt_number", value=number)
    assert len(order) == 1 and order[0].payload["customer"]["name"] == "Acme GmbH"

    # Reprint the receipt.
    ui.tap(find(customer, "back"))
    ui.tap(find(sell, "reprint"))
    reprint = frame.screen("reprint")
    ui.tap(find(reprint, "reprint_last"))
    assert terminal.reprint.info == f"Receipt {number}: copy sent to the printer"
    ui.screenshot("reprint")
    # ... and the invoice order by its number, typed; an unknown number is refused.
    reprint.ids.number.text = "S01-T01-999999"
    ui.tap(find(reprint, "reprint_number"))
    assert "999999" in terminal.reprint.error
    invoice_number = order[0].number
    reprint.ids.number.text = invoice_number
    ui.tap(find(reprint, "reprint_number"))
    assert terminal.reprint.info == f"Invoice order {invoice_number}: copy sent to the printer"
    copies = [p for p in rig.printed() if any("COPY" in line.upper() for line in p)]
    assert len(copies) == 2, rig.printed()
    assert any(number in line for line in copies[0])
    assert any(invoice_number in line for line in copies[1])
