"""Kivy under Xvfb: one real window for the session, and helpers to drive it.

pytest-xvfb starts the X server before the session (DISPLAY is set); Kivy's
environment comes from tests/conftest.py. Screens change with ``NoTransition``
(set by the frame), touches are Kivy's ``UnitTestTouch`` at a widget's centre,
and ``settle`` runs frames until the UI worker has delivered every result.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

SHOTS = (
    Path(os.environ.get("KASSA_SCREENSHOTS", "")) if os.environ.get("KASSA_SCREENSHOTS") else None
)


@pytest.fixture(scope="session")
def window():
    if not os.environ.get("DISPLAY"):
        pytest.skip("no display: install Xvfb (pytest-xvfb starts it)")
    from kivy.base import EventLoop
    from kivy.core.window import Window

    EventLoop.ensure_window()
    Window.size = (1024, 600)
    yield Window


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
        self.frames(2)
        while any(worker.busy for worker in self.workers):
            if time.monotonic() > deadline:
                raise AssertionError(f"the UI worker was still busy after {timeout} s")
            time.sleep(0.005)
            self.frames(1)
        self.frames(3)

    def tap(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch

        assert widget.get_root_window() is not None, f"{widget!r} is not on the window"
        assert not widget.disabled, f"{getattr(widget, 'name', widget)!r} is disabled"
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.frames(2)
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


@pytest.fixture
def ui(window, tmp_path):
    driver = Driver(window, tmp_path)
    yield driver
    for child in list(window.children):
        window.remove_widget(child)
    driver.frames(2)


def find(root, name: str):
    """The widget under ``root`` whose ``name`` (buttons) or id is ``name``."""
    for widget in root.walk(restrict=True):
        if getattr(widget, "name", None) == name:
            return widget
    raise LookupError(f"no widget named {name!r} under {root!r}")
