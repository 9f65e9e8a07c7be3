"""The cashier's app: ``run(pos)`` opens the touch terminal on a ``Pos`` bundle.

``Terminal`` is the UI's composition: one worker thread for service calls, the
view-models, the screens and the frame. Tests build a ``Terminal`` on the real
services and put ``terminal.frame`` on the window; ``KassaApp`` does the same for
a person.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.clock import Clock

from kassa.terminal.ui.worker import Worker


class Terminal:
    """Everything the screens need, wired to one ``Pos``."""

    def __init__(self, pos: Any, *, status_every: float = 2.0) -> None:
        # Imported here: importing the screens loads their kv rules (once, globally).
        from kassa.terminal.ui.frame import Frame
        from kassa.terminal.ui.screens.login import LockScreen, LoginScreen
        from kassa.terminal.ui.screens.sell import SellScreen
        from kassa.terminal.ui.viewmodels.sale import SaleViewModel
        from kassa.terminal.ui.viewmodels.session import SessionViewModel
        from kassa.terminal.ui.viewmodels.shell import ShellViewModel
        from kassa.terminal.ui.viewmodels.status import StatusViewModel

        self.pos = pos
        self.worker = Worker()
        self.shell = ShellViewModel(auth=pos.auth, worker=self.worker)
        common = {"worker": self.worker, "approvals": self.shell.ask_approval}
        self.status = StatusViewModel(
            read_sync=pos.sync_status, read_printer=pos.printer_status, every=status_every
        )
        self.session = SessionViewModel(
            auth=pos.auth,
            shell=self.shell,
            shift_is_open=lambda: pos.shift.current() is not None,
            **common,
        )
        self.sale = SaleViewModel(desk=pos.sale, currency=pos.currency, shell=self.shell, **common)
        screens = [
            LoginScreen(vm=self.session),
            LockScreen(vm=self.session),
            SellScreen(vm=self.sale, session=self.session, shell=self.shell),
        ]
        self.frame = Frame(shell=self.shell, status=self.status, screens=screens)
        self.status.refresh()

    def screen(self, name: str) -> Any:
        return self.frame.screen(name)

    def close(self) -> None:
        self.status.stop()
        self.worker.shutdown()


class KassaApp(App):
    title = "Kassa"

    def __init__(self, *, pos: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pos = pos
        self.terminal: Terminal | None = None

    def build(self):
        self.terminal = Terminal(self.pos)
        return self.terminal.frame

    def on_stop(self) -> None:
        if self.terminal is not None:
            self.terminal.close()


def run(pos: Any, *, size: tuple[int, int] | None = None, fullscreen: bool = False) -> None:
    """Open the terminal window on ``pos`` and block until it is closed.

    ``size`` sets the window (e.g. ``(1024, 600)``); ``fullscreen`` fills the screen.
    The caller keeps ownership of ``pos`` and closes it afterwards.
    """
    from kivy.core.window import Window

    if size is not None:
        Window.size = size
    if fullscreen:
        Window.fullscreen = "auto"
    Clock.max_iteration = 40
    KassaApp(pos=pos).run()
