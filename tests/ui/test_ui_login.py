"""The PIN pad: a wrong PIN is refused with the tries left, a rep may not use the till,
a cashier's PIN signs in."""

from __future__ import annotations

import pytest
from ui_driver import sign_in

pytestmark = pytest.mark.ui


def test_wrong_pin_is_refused_with_tries_left_then_the_right_one_signs_in(ui, terminal):
    frame = terminal.frame
    login = frame.screen("login")
    assert login.ids.panel.ids.note.text == "Demo PINs: cashier Anna 1111 · manager Max 9999"
    sign_in(ui, terminal, "1234")
    assert frame.manager.current == "login"
    banner = [w for w in login.walk() if type(w).__name__ == "Banner" and w.text]
    assert [b.text for b in banner] == ["That is not a PIN: 4 tries left before lockout"]
    assert login.ids.panel.ids.dots.text == ""  # the typed PIN is not kept
    sign_in(ui, terminal, "5555")  # Rita, a field sales rep
    assert frame.manager.current == "login"
    assert terminal.session.error == (
        "Rita (rep) may not sell at the till; a cashier or manager signs in here"
    )
    assert terminal.pos.auth.operator is None
    sign_in(ui, terminal, "1111")
    assert frame.manager.current == "shift"  # no shift open yet
    assert terminal.shell.operator_text == "Anna · cashier"
    assert terminal.session.error == ""
