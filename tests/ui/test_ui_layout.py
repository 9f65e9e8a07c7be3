"""Every screen at the smallest (1024x600) and largest (1920x1080) window: every button
at least a 48 dp touch target and inside the window, and the total legible."""

from __future__ import annotations

import pytest
from kivy.metrics import dp
from ui_driver import sign_in

from kassa.core.money import Money

pytestmark = pytest.mark.ui

SCREENS = ("sell", "payment", "returns", "shift", "customer", "reprint", "lock", "login")


def buttons(root):
    from kivy.uix.behaviors import ButtonBehavior

    return [w for w in root.walk(restrict=True) if isinstance(w, ButtonBehavior) and w.opacity > 0]


def scrolled(widget) -> bool:
    """Inside a scrolling list (it may be scrolled out of view on purpose)."""
    from kivy.uix.scrollview import ScrollView

    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            return True
        parent = parent.parent
    return False


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)], ids=["1024x600", "1920x1080"])
def test_every_screen_fits_with_touch_sized_buttons(ui, rig, terminal, size):
    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=Money.of("50.00", "EUR"))
    rig.pos.auth.logout()
    ui.window.size = size
    ui.frames(3)
    sign_in(ui, terminal, "1111")
    terminal.sale.scan("4006381333931")
    ui.settle()
    width, height = ui.window.size
    problems = []
    bar = terminal.frame.ids.status_bar
    for segment in (bar.ids.sync, bar.ids.printer):
        if min(segment.size) < dp(48) - 0.5:
            problems.append(f"status bar: {segment.text!r} is {segment.size}")
    for name in SCREENS:
        terminal.shell.go(name)
        ui.settle()
        screen = terminal.frame.screen(name)
        for button in buttons(screen):
            if button.get_root_window() is None:
                continue
            label = getattr(button, "name", "") or button.text
            x, y = button.to_window(button.x, button.y)
            if min(button.size) < dp(48) - 0.5:
                problems.append(f"{name}: {label!r} is {button.size}, smaller than 48 dp")
            if (
                x < -0.5
                or y < -0.5
                or x + button.width > width + 0.5
                or y + button.height > height + 0.5
            ):
                problems.append(f"{name}: {label!r} at {(x, y)} is outside the {size} window")
        if size == (1920, 1080) and name in ("sell", "payment", "login"):
            ui.screenshot(f"{name}_1920x1080")
    assert problems == []
    terminal.shell.go("sell")
    ui.settle()
    total = terminal.frame.screen("sell").ids.total
    assert total.text == "1.29 €" and total.texture_size[0] <= total.width
    ui.window.size = (1024, 600)
    ui.frames(3)
