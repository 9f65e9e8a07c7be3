"""The cashier's app: ``run(pos)`` opens the touch terminal on a ``Pos`` bundle.

``KassaApp`` builds a ``Terminal`` (the UI's composition, in ``terminal``) and
shows its frame; ``kassa terminal`` calls ``run``.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.app import App

from kassa.terminal.ui.terminal import Terminal

__all__ = ["KassaApp", "Terminal", "quiet_logs", "run"]
CHATTY = ("httpx", "httpcore", "apscheduler", "PIL")  # DEBUG lines per request or image


class _PrinterConnectionChatter(logging.Filter):
    """python-escpos logs each connection's open and close at INFO on the root logger
    (``logging.info``): two lines per printer status poll, every few seconds."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return not (
            text.endswith(" printer enabled")
            or (text.startswith("Closing ") and " connection to printer" in text)
        )


def quiet_logs() -> None:
    """INFO on the console, once: call it before anything starts a thread. Kivy hands
    its handlers the root logger at NOTSET, so every library's DEBUG lines (httpx's per
    request) would print; those libraries say only warnings. Importing Kivy's logger
    first also gives the root logger its handlers before python-escpos' first
    ``logging.info`` would ``basicConfig`` a second one (every line printed twice)."""
    from kivy.logger import Logger

    if not any(isinstance(f, _PrinterConnectionChatter) for f in logging.root.filters):
        logging.root.addFilter(_PrinterConnectionChatter())
    logging.root.setLevel(logging.INFO)
    if Logger.getEffectiveLevel() < logging.INFO:
        Logger.setLevel(logging.INFO)
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)


class KassaApp(App):
    title = "Kassa"

    def __init__(
        self,
        *,
        pos: Any,
        serial_scanner: Any = None,
        detector: Any = None,
        login_note: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.pos = pos
        self.serial_scanner = serial_scanner
        self.detector = detector
        self.login_note = login_note
        self.terminal: Terminal | None = None

    def build(self):
        from kivy.core.window import Window

        self.terminal = Terminal(self.pos, detector=self.detector, login_note=self.login_note)
        self.terminal.attach(Window, serial_scanner=self.serial_scanner)
        return self.terminal.frame

    def on_stop(self) -> None:
        if self.terminal is not None:
            self.terminal.close()


def run(
    pos: Any,
    *,
    serial_scanner: Any = None,
    detector: Any = None,
    size: tuple[int, int] | None = None,
    fullscreen: bool = False,
    on_screen_keyboard: bool = True,
    login_note: str = "",
) -> None:
    """Open the terminal window on ``pos`` and block until it is closed.

    ``serial_scanner`` (a ``kassa.devices.scanner.serial_scanner.SerialScanner``, not
    started) adds a serial scanner to the keyboard-wedge one, whose timing a
    ``kassa.devices.scanner.wedge.WedgeDetector`` (``detector``, from the
    ``[scanner] wedge_*`` settings) tells from typing; ``size`` sets the window
    (e.g. ``(1024, 600)``); ``fullscreen`` fills the screen; ``on_screen_keyboard``
    docks Kivy's keyboard under a text field when it is touched (a touch terminal has
    no keyboard; a hardware one still works); ``login_note`` is a line under the PIN
    pad (the demo shows its PINs there). The caller keeps ownership of ``pos`` and
    closes it afterwards.
    """
    from kivy.config import Config

    quiet_logs()
    Config.set("kivy", "log_level", "info")
    Config.set("kivy", "exit_on_escape", "0")  # a stray Esc must not close the till
    if on_screen_keyboard:
        Config.set("kivy", "keyboard_mode", "systemanddock")
    from kivy.core.window import Window

    if size is not None:
        Window.size = size
    if fullscreen:
        Window.fullscreen = "auto"
    KassaApp(pos=pos, serial_scanner=serial_scanner, detector=detector, login_note=login_note).run()
