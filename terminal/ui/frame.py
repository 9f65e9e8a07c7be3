"""The frame every screen sits in: the status bar on top, the screens below, and the
manager-approval dialog that any screen's refused call can raise."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kassa.terminal.ui import widgets  # noqa: F401  (registers KButton, Keypad)


class StatusText(ButtonBehavior, Label):
    """A status segment; a tap opens the details (a long sync error is cut short here)."""

    tone = StringProperty("ok")


class IntegrityBanner(ButtonBehavior, Label):
    """Red, under the status bar, while the records fail their startup check; never hides
    a screen's buttons (it takes its own row) and never blocks selling."""


class StatusBar(BoxLayout):
    status = ObjectProperty(None, rebind=True)  # StatusViewModel
    shell = ObjectProperty(None, rebind=True)  # ShellViewModel

    def show_details(self) -> None:
        StatusDialog(status=self.status).open(animation=False)


class StatusDialog(ModalView):
    status = ObjectProperty(None, rebind=True)


class ApprovalDialog(ModalView):
    shell = ObjectProperty(None, rebind=True)


class Frame(BoxLayout):
    """Status bar + screens; follows ``shell.screen`` and ``shell.approval_open``."""

    shell = ObjectProperty(None, rebind=True)
    status = ObjectProperty(None, rebind=True)

    def __init__(self, *, shell, status, screens, **kwargs):
        super().__init__(shell=shell, status=status, **kwargs)
        self.manager: ScreenManager = self.ids.manager
        self.manager.transition = NoTransition()
        for screen in screens:
            self.manager.add_widget(screen)
        self.approval = ApprovalDialog(shell=shell)
        shell.bind(screen=self._show, approval_open=self._approval)
        self._show(shell, shell.screen)

    def screen(self, name: str):
        return self.manager.get_screen(name)

    def _show(self, _shell, name: str) -> None:
        self.manager.current = name

    def _approval(self, _shell, is_open: bool) -> None:
        if is_open:
            self.approval.ids.keypad.value = ""
            self.approval.open(animation=False)
        else:
            self.approval.dismiss(animation=False)


Builder.load_file(str(Path(__file__).with_name("frame.kv")))
