"""Returns: find the receipt, pick what comes back with +/-, choose a reason, refund."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets  # noqa: F401  (registers KButton, Banner)
from kassa.terminal.ui.viewmodels.refund import REASONS


class ReturnRow(BoxLayout):
    line_id = StringProperty("")
    name = StringProperty("")
    detail = StringProperty("")
    qty = StringProperty("0")
    amount = StringProperty("")
    owner = ObjectProperty(None, allownone=True, rebind=True)


class ReturnsScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # RefundViewModel
    shell = ObjectProperty(None, rebind=True)
    reasons = REASONS

    def on_pre_enter(self, *_args) -> None:
        self.vm.reset()
        self.vm.info = ""

    @property
    def typing(self) -> bool:
        return bool(self.ids.number.focus)

    def scanned(self, code: str) -> None:
        self.vm.find(code)

    def submit(self, text: str) -> None:
        self.ids.number.text = ""
        self.vm.find(text)


Builder.load_file(str(Path(__file__).with_name("returns.kv")))
