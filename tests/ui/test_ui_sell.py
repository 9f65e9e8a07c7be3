"""Selling on the real screens: PIN login, shift open, three items (scanned, searched,
quick key), a split cash/card payment, and the receipt as the simulated printer printed it."""

from __future__ import annotations

import pytest
from ui_driver import dialog, find, sign_in, wedge_scan

pytestmark = pytest.mark.ui


@pytest.mark.slow
def test_sell_three_items_and_pay_split(ui, terminal, rig):
    from kassa.terminal.ui.screens.sell import GroupTab, ProductKey

    frame = terminal.frame
    assert frame.manager.current == "login"
    ui.type_keys(frame.screen("login").ids.panel.ids.keypad, "99")
    ui.screenshot("login")
    ui.tap(frame.screen("login").ids.panel.ids.keypad.key("clear"))

    # The manager signs in; no shift is open yet, so the shift screen comes first.
    sign_in(ui, terminal, "9999")
    assert frame.manager.current == "shift"
    assert "Max" in terminal.shell.operator_text
    # No server here: the bar says what waits and why; a tap shows the whole message.
    bar = frame.ids.status_bar
    assert bar.ids.sync.tone == "error" and "not enrolled" in bar.ids.sync.text
    ui.tap(bar.ids.sync)
    details = dialog()
    assert "not enrolled" in details.ids.details.text and "Printer" in details.ids.details.text
    ui.screenshot("status_details")
    ui.tap(find(details, "close_details"))
    assert dialog() is None
    shift = frame.screen("shift")
    ui.type_keys(shift.ids.float_pad, "100")
    ui.tap(shift.ids.float_pad.key("enter"))
    assert terminal.shift.mode == "open", terminal.shift.error
    assert frame.manager.current == "sell"  # the shift is opened to sell

    # Lock; the cashier's PIN switches to her.
    ui.tap(find(frame.screen("sell"), "lock"))
    assert frame.manager.current == "lock"
    ui.screenshot("lock")
    sign_in(ui, terminal, "1111")
    assert frame.manager.current == "sell"
    assert terminal.shell.operator_text == "Anna · cashier"

    sell = frame.screen("sell")
    wedge_scan(ui.window, "4006381333931")  # Milk 1 l, 1.29
    ui.settle()
    sell.ids.search.text = "croiss"
    ui.tap(find(sell, "search_go"))
    ui.tap(find(sell, "Croissant", ProductKey))  # 1.20
    ui.tap(find(sell, "Drinks", GroupTab))
    ui.tap(find(sell, "Red wine 0.75 l", ProductKey))  # 8.99
    assert [row["name"] for row in terminal.sale.lines] == [
        "Milk 1 l",
        "Croissant",
        "Red wine 0.75 l",
    ], terminal.sale.error
    assert terminal.sale.total_text == "11.48 €"
    assert sell.ids.total.text == "11.48 €"
    ui.screenshot("sell")

    # Pay 5.00 in cash and the rest by card.
    ui.tap(find(sell, "pay"))
    assert frame.manager.current == "payment"
    payment = frame.screen("payment")
    ui.type_keys(payment.ids.keypad, "5")
    ui.tap(payment.ids.keypad.key("enter"))  # the keypad's Cash key
    ui.tap(find(payment, "card"))
    reference = dialog()
    ui.type_keys(reference.ids.keypad, "4711")
    ui.tap(reference.ids.keypad.key("enter"))
    assert [row["text"] for row in terminal.payment.tenders] == [
        "Cash  5.00 €",
        "Card  6.48 €  ·  slip 4711",
    ], terminal.payment.error
    assert terminal.payment.rest_text == "0.00 €"
    ui.screenshot("payment")
    ui.tap(find(payment, "complete"))
    assert frame.manager.current == "paid", terminal.payment.error
    assert terminal.payment.last_number == "S01-T01-000001"
    ui.screenshot("paid")

    receipt = next(page for page in rig.printed() if any("Milk 1 l" in line for line in page))
    text = "\n".join(receipt)
    for expected in ("Milk 1 l", "Croissant", "Red wine 0.75 l", "S01-T01-000001"):
        assert expected in text, text
    assert any("11.48" in line and "TOTAL" in line.upper() for line in receipt), text
    assert any(line.lower().startswith("cash") and "5.00" in line for line in receipt), text
    assert any(line.lower().startswith("card 4711") and "6.48" in line for line in receipt), text

    ui.tap(find(frame.screen("paid"), "next_sale"))
    assert frame.manager.current == "sell"
    assert terminal.sale.lines == []
