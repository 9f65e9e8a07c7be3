"""Driving the one Kivy window in tests: touches, frames, scans and screenshots.

Screens change with ``NoTransition`` (set by the frame), touches are Kivy's
``UnitTestTouch`` at a widget's centre, and ``settle`` runs frames until the UI
worker has delivered every result. ``KASSA_SCREENSHOTS=<folder>`` also copies
every screenshot there (that is how docs/screens/ is refreshed).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

SHOTS = Path(os.environ["KASSA_SCREENSHOTS"]) if os.environ.get("KASSA_SCREENSHOTS") else None


class Driver:
    """Touches, frames and screenshots on the one window."""

    def __init__(self, window, shots: Path) -> None:
        self.window = window
        self.shots = shots
        self.workers: list = []

    def frames(self, count: int = 3) -> None:
        from kivy.base import EventLoop

        for _ in range(count):
            EventLoop.idle()

    def settle(self, *, timeout: float = 10.0) -> None:
        """Run frames until every worker is idle and its results are shown."""
        deadline = time.monotonic() + timeout
        self.frames(1)
        while any(worker.busy for worker in self.workers):
            if time.monotonic() > deadline:
                raise AssertionError(f"the UI worker was still busy after {timeout} s")
            time.sleep(0.005)
            self.frames(1)
        self.frames(2)

    def tap(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch

        assert widget.get_root_window() is not None, f"{widget!r} is not on the window"
        assert not widget.disabled, f"{getattr(widget, 'name', widget)!r} is disabled"
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.settle()

    def type_keys(self, keypad, text: str) -> None:
        for char in text:
            self.tap(keypad.key(char))

    def screenshot(self, name: str) -> Path:
        """Save the window as ``<name>.png`` in the test's folder (and in KASSA_SCREENSHOTS)."""
        time.sleep(0.05)  # let a tapped button look released
        self.frames(4)
        saved = Path(self.window.screenshot(str(self.shots / f"{name}.png")))
        target = self.shots / f"{name}.png"
        saved.replace(target)
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            (SHOTS / target.name).write_bytes(target.read_bytes())
        return target


def find(root, name: str, kind: type | None = None):
    """The widget under ``root`` whose ``name`` is ``name`` (and of ``kind``, if given)."""
    for widget in root.walk(restrict=True):
        if getattr(widget, "name", None) == name and (kind is None or isinstance(widget, kind)):
            return widget
    raise LookupError(f"no widget named {name!r} under {root!r}")


# The scan routers of the terminals on the window (the ``terminal`` fixture adds them),
# so a simulated scan can run on a simulated clock.
ROUTERS: list = []


def wedge_scan(window, code: str) -> None:
    """A keyboard-wedge scanner: the code's keys 2 ms apart, then Enter.

    The gaps are on a simulated clock: on a loaded test machine a real sleep of
    2 ms can stretch past the detector's threshold and turn a scan into typing.
    """
    clock = [time.monotonic()]
    saved = [(router, router._now) for router in ROUTERS]
    for router in ROUTERS:
        router._now = lambda: clock[0]
    try:
        for char in code:
            window.dispatch("on_key_down", ord(char), 0, char, [])
            clock[0] += 0.002
        window.dispatch("on_key_down", 13, 0, None, [])
    finally:
        for router, now in saved:
            router._now = now


def sign_in(ui, terminal, pin: str) -> None:
    """Type ``pin`` on the login or lock screen's keypad and press Sign in."""
    keypad = terminal.frame.manager.current_screen.ids.panel.ids.keypad
    ui.type_keys(keypad, pin)
    ui.tap(keypad.key("enter"))


def dialog():
    """The dialog on top of the window (keypad or choice), or None."""
    from kivy.core.window import Window
    from kivy.uix.modalview import ModalView

    views = [w for w in Window.children if isinstance(w, ModalView)]
    return views[0] if views else None
