"""Kivy under Xvfb: one real window for the session, and the terminal on it.

pytest-xvfb starts the X server before the session (DISPLAY is set); Kivy's
environment comes from tests/conftest.py. Helpers to drive the window are in
``ui_driver``; the terminal's real parts in ``ui_rig``.
"""

from __future__ import annotations

import os

import pytest
from ui_driver import ROUTERS, Driver

DEMO_PINS = "Demo PINs: cashier Anna 1111 · manager Max 9999"


@pytest.fixture(scope="session")
def window():
    if not os.environ.get("DISPLAY"):
        pytest.skip("no display: install Xvfb (pytest-xvfb starts it)")
    from kivy.config import Config

    Config.set("graphics", "maxfps", "0")  # frames as fast as the tests ask for them
    from kivy.base import EventLoop
    from kivy.core.window import Window

    EventLoop.ensure_window()
    Window.size = (1024, 600)
    yield Window


@pytest.fixture
def ui(window, tmp_path):
    driver = Driver(window, tmp_path)
    yield driver
    for child in list(window.children):
        window.remove_widget(child)
    driver.frames(2)


@pytest.fixture
def rig(tmp_path):
    from ui_rig import build_rig

    built = build_rig(tmp_path)
    yield built
    built.close()


@pytest.fixture
def terminal(ui, rig):
    """The real screens on the rig's services, on the window, taking wedge scans."""
    from kassa.terminal.ui.terminal import Terminal

    term = Terminal(rig.pos, status_every=0.2, login_note=DEMO_PINS)
    ui.workers.append(term.worker)
    ui.window.add_widget(term.frame)
    term.attach(ui.window)
    ROUTERS.append(term.scans)
    ui.settle()
    yield term
    ROUTERS.remove(term.scans)
    for view in list(ui.window.children):
        if view is not term.frame:
            ui.window.remove_widget(view)
    term.close()
