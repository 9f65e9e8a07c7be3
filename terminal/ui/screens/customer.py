"""Customer search: put a customer on the sale, or pick one for an invoice request."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets  # noqa: F401  (registers KButton, Banner)


class CustomerRow(ButtonBehavior, BoxLayout):
    customer_id = StringProperty("")
    name = StringProperty("")
    detail = StringProperty("")
    owner = ObjectProperty(None, allownone=True, rebind=True)


class CustomerScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # CustomerViewModel
    shell = ObjectProperty(None, rebind=True)

    def submit(self, text: str) -> None:
        self.vm.search(text)


class ReprintScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # ReprintViewModel
    shell = ObjectProperty(None, rebind=True)

    def on_pre_enter(self, *_args) -> None:
        self.vm.info = self.vm.error = ""

    @property
    def typing(self) -> bool:
        return bool(self.ids.number.focus)

    def scanned(self, code: str) -> None:
        self.vm.reprint(code)


Builder.load_file(str(Path(__file__).with_name("customer.kv")))
