"""Barcode scans into the screens: a keyboard-wedge listener on the window's keys and a
serial scanner thread, both delivering codes to the screen on show.

Wedge scanners type: keys go through ``WedgeDetector`` (keystroke timing), which
tells a scan from a person typing. While a text field has the keyboard the keys
are left to it (a scan ends with Enter there, and the field's own handler treats
a barcode as a scan). A screen takes scans by having ``scanned(code)``; elsewhere
the cashier is told where scans work. Serial codes arrive on the reader thread
and are handed to the UI thread with ``Clock.schedule_once``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kivy.clock import Clock

from kassa.devices.scanner.wedge import Scanned, WedgeDetector

ENTER_KEYS = (13, 271)  # Return, keypad Enter
BACKSPACE = 8


class ScanRouter:
    def __init__(
        self,
        *,
        current_screen: Callable[[], Any],
        refuse: Callable[[str], None],
        detector: WedgeDetector | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._current = current_screen
        self._refuse = refuse
        self.detector = detector or WedgeDetector()
        self._now = now
        self._window: Any = None
        self._flusher: Any = None

    # -- wiring --------------------------------------------------------------------
    def listen(self, window: Any) -> ScanRouter:
        """Take key presses from ``window`` (Kivy's ``Window``)."""
        self._window = window
        window.bind(on_key_down=self.on_key_down)
        self._flusher = Clock.schedule_interval(lambda _dt: self.flush(), self.detector.threshold)
        return self

    def stop(self) -> None:
        if self._window is not None:
            self._window.unbind(on_key_down=self.on_key_down)
        if self._flusher is not None:
            self._flusher.cancel()

    def from_thread(self, code: str) -> None:
        """For a serial scanner's ``on_scan``: deliver ``code`` on the UI thread."""
        Clock.schedule_once(lambda _dt: self.deliver(code))

    # -- keys ------------------------------------------------------------------------
    def on_key_down(self, _window: Any, key: int, _scancode: int, codepoint: str | None, _mods):
        if getattr(self._current(), "typing", False):
            return False  # a focused field takes the keys, scans included
        char = "\r" if key in ENTER_KEYS else "\b" if key == BACKSPACE else codepoint
        if not char:
            return False
        self._handle(self.detector.feed(char, self._now()))
        return True

    def flush(self) -> None:
        self._handle(self.detector.flush(self._now()))

    def _handle(self, events: list) -> None:
        for event in events:
            if isinstance(event, Scanned):
                self.deliver(event.code)
            else:  # a person on a keyboard: to the screen's keypad, if it has one
                typed = getattr(self._current(), "typed", None)
                if typed is not None and not self._dialog_open():
                    typed(event.text)

    # -- delivery ------------------------------------------------------------------
    def _dialog_open(self) -> bool:
        from kivy.uix.modalview import ModalView

        children = self._window.children if self._window is not None else ()
        return any(isinstance(child, ModalView) for child in children)

    def deliver(self, code: str) -> None:
        if self._dialog_open():
            self._refuse(f"Scanned {code}: finish or cancel the open dialog first, then scan again")
            return
        screen = self._current()
        take = getattr(screen, "scanned", None)
        if take is None:
            self._refuse(
                f"Scanned {code}: scans work on the sale, return and reprint screens; "
                "finish here first"
            )
            return
        self._refuse("")  # an earlier refusal no longer applies
        take(code)
