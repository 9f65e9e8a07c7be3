"""The numeric keypad, touched on a real window."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def test_keypad_builds_a_number_and_enter_hands_it_over(ui):
    from kassa.terminal.ui.widgets import Keypad

    entered = []
    keypad = Keypad(size_hint=(None, None), size=(400, 360))
    keypad.bind(on_enter=lambda _k, value: entered.append(value))
    ui.window.add_widget(keypad)
    ui.frames()

    ui.type_keys(keypad, ["1", "2", ".", "5", ".", "0"])
    assert keypad.value == "12.50"  # a second point is ignored
    ui.tap(keypad.key("back"))
    assert keypad.value == "12.5"
    ui.tap(keypad.key("enter"))
    assert entered == ["12.5"]
    ui.tap(keypad.key("clear"))
    assert keypad.value == ""


def test_pin_keypad_has_no_point_and_caps_the_length(ui):
    from kassa.terminal.ui.widgets import Keypad

    keypad = Keypad(allow_decimal=False, max_length=4, size_hint=(None, None), size=(400, 360))
    ui.window.add_widget(keypad)
    ui.frames()
    assert keypad.key(".").disabled
    ui.type_keys(keypad, ["1", "2", "3", "4", "5", "00"])
    assert keypad.value == "1234"


def test_every_key_is_at_least_a_touch_target(ui):
    from kivy.metrics import dp

    from kassa.terminal.ui.widgets import Keypad

    keypad = Keypad(size_hint=(None, None), size=(dp(240), dp(4 * 48 + 3 * 6)))
    ui.window.add_widget(keypad)
    ui.frames(4)
    small = [k.name for k in keypad.keys.values() if min(k.size) < dp(48) - 1]
    assert small == []
