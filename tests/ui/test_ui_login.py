"""The PIN pad: a wrong PIN is refused with the tries left, a rep gets the field-sales home,
a cashier's PIN, typed on a hardware keyboard, signs in."""

from __future__ import annotations

import time

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
    sign_in(ui, terminal, "5555")  # Rita, a field sales rep: her home, not the till (issue 6)
    assert frame.manager.current == "field_home", terminal.session.error
    terminal.session.sign_out()
    ui.settle()
    assert frame.manager.current == "login"
    assert terminal.pos.auth.operator is None
    # Anna types her PIN on a hardware keyboard, as a person types (not a scanner).
    for key, char in [(ord(c), c) for c in "11119"] + [(8, None), (13, None)]:
        ui.window.dispatch("on_key_down", key, 0, char, [])
        time.sleep(0.06)
        ui.frames(1)
    ui.settle()
    assert frame.manager.current == "shift", terminal.session.error  # no shift open yet
    assert terminal.shell.operator_text == "Anna · cashier"
    assert terminal.session.error == ""


def test_tap_your_name_then_your_pin(ui, terminal):
    from ui_driver import find

    frame = terminal.frame
    login = frame.screen("login")
    names = [row["name"] for row in terminal.session.people]
    assert names == ["person_Ada", "person_Anna", "person_Max", "person_Rita"]  # by name
    panel = login.ids.panel
    assert panel.heading == "2. Type your PIN"
    assert panel.hint == "Tap your name first, or just type your PIN"
    ui.tap(find(login, "person_Anna"))
    assert panel.heading == "2. Anna, type your PIN" and panel.hint == "then press Sign in"
    assert find(login, "person_Anna").chosen
    ui.type_keys(panel.ids.keypad, "99")
    ui.screenshot("login_name")
    ui.tap(panel.ids.keypad.key("clear"))
    sign_in(ui, terminal, "9999")  # Max's PIN is not Anna's
    assert frame.manager.current == "login"
    assert terminal.session.error.startswith("That is not a PIN")
    sign_in(ui, terminal, "1111")
    assert frame.manager.current == "shift", terminal.session.error
    assert terminal.shell.operator_text == "Anna · cashier"
