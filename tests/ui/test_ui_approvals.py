"""Above the cashier's limits a manager's PIN approves on the spot: a 20 % line discount
and a voided line; a wrong PIN is refused in the dialog; a sale discount within limits
needs nobody."""

from __future__ import annotations

import pytest
from ui_driver import dialog, find, sign_in, wedge_scan

from kassa.core.money import Money

pytestmark = pytest.mark.ui


def test_manager_approves_a_big_discount_and_a_void(ui, rig, terminal):
    from kassa.terminal.ui.screens.sell import CartRow

    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=Money.of("50.00", "EUR"))
    rig.pos.auth.logout()
    frame = terminal.frame
    sign_in(ui, terminal, "1111")
    sell = frame.screen("sell")
    wedge_scan(ui.window, "036000291452")  # Red wine 8.99
    wedge_scan(ui.window, "4006381333931")  # Milk 1.29
    ui.settle()
    assert terminal.sale.total_text == "10.28 €", terminal.sale.error

    # 20 % off the wine: above a cashier's limit.
    ui.tap(find(sell, "Red wine 0.75 l", CartRow))
    ui.tap(find(sell, "discount"))
    keypad = dialog().ids.keypad
    ui.type_keys(keypad, "20")
    ui.tap(keypad.key("enter"))
    approval = frame.approval
    assert approval.get_parent_window() is not None, terminal.sale.error
    assert "more than the 10% you may give" in terminal.shell.approval_reason
    ui.type_keys(approval.ids.keypad, "1111")  # the cashier's own PIN is no manager's
    ui.tap(approval.ids.keypad.key("enter"))
    assert approval.get_parent_window() is not None
    assert "manager" in terminal.shell.error.lower()
    ui.type_keys(approval.ids.keypad, "9999")
    ui.tap(approval.ids.keypad.key("enter"))
    assert approval.get_parent_window() is None, terminal.shell.error
    assert terminal.sale.total_text == "8.48 €"  # 8.99 - 1.80 + 1.29
    wine = next(row for row in terminal.sale.lines if row["name"] == "Red wine 0.75 l")
    assert "discount -1.80 €" in wine["detail"]

    # A lower price on the milk: a cashier may not override prices alone.
    ui.tap(find(sell, "Milk 1 l", CartRow))
    ui.tap(find(sell, "line_price"))
    keypad = dialog().ids.keypad
    ui.type_keys(keypad, "0.99")
    ui.tap(keypad.key("enter"))
    assert approval.get_parent_window() is not None, terminal.sale.error
    ui.type_keys(approval.ids.keypad, "9999")
    ui.tap(approval.ids.keypad.key("enter"))
    milk = next(row for row in terminal.sale.lines if row["name"] == "Milk 1 l")
    assert milk["detail"] == "1 pc x 0.99 € (was 1.29 €)", terminal.sale.error
    assert terminal.sale.total_text == "8.18 €"

    # Voiding a line before payment is the cashier's to do.
    ui.tap(find(sell, "line_void"))
    assert approval.get_parent_window() is None
    assert [row["name"] for row in terminal.sale.lines] == ["Red wine 0.75 l"]

    # 5 % off the whole sale is within the cashier's limit.
    assert terminal.sale.selected == ""
    ui.tap(find(sell, "discount"))
    keypad = dialog().ids.keypad
    ui.type_keys(keypad, "5")
    ui.tap(keypad.key("enter"))
    assert approval.get_parent_window() is None, terminal.shell.approval_reason
    assert terminal.sale.total_text == "6.83 €", terminal.sale.error  # 7.19 - 0.36 (half up)
    assert "sale discount -0.36 €" in terminal.sale.summary_text
    ui.screenshot("discount")

    # Cancelling the whole sale needs a manager; declining keeps the sale.
    ui.tap(find(sell, "cancel_sale"))
    ui.tap(find(dialog(), "choice_yes"))
    assert approval.get_parent_window() is not None
    ui.tap(find(approval, "decline"))
    assert approval.get_parent_window() is None and len(terminal.sale.lines) == 1
    ui.tap(find(sell, "cancel_sale"))
    ui.tap(find(dialog(), "choice_yes"))
    ui.type_keys(approval.ids.keypad, "9999")
    ui.tap(approval.ids.keypad.key("enter"))
    assert terminal.sale.lines == [] and terminal.sale.info.startswith("Sale cancelled")
    cancelled = rig.facts.of_types(["receipt_cancelled"])
    assert len(cancelled) == 1
