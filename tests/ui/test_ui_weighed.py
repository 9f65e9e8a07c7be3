"""A product sold by weight from a quick key: the keypad asks for the weight."""

from __future__ import annotations

import pytest
from ui_driver import dialog, find, sign_in

from kassa.core.money import Money

pytestmark = pytest.mark.ui


def test_a_weighed_quick_key_asks_for_the_weight(ui, rig, terminal):
    from kassa.terminal.ui.screens.sell import GroupTab, ProductKey

    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=Money.of("50.00", "EUR"))
    rig.pos.auth.logout()
    sign_in(ui, terminal, "1111")
    sell = terminal.frame.screen("sell")
    ui.tap(find(sell, "Fruit", GroupTab))
    apples = find(sell, "Apples", ProductKey)
    assert apples.text == "Apples\n2.99 € / kg"
    ui.tap(apples)
    weight = dialog()
    assert weight.title == "Apples: weight in kg"
    ui.type_keys(weight.ids.keypad, "1.5")
    ui.screenshot("weight")
    ui.tap(weight.ids.keypad.key("enter"))
    (line,) = terminal.sale.lines
    assert line["detail"] == "1.5 kg x 2.99 €", terminal.sale.error
    assert line["amount"] == "4.49 €"  # 4.485 rounded half up
    assert terminal.sale.total_text == "4.49 €"
