"""The shift screen: open with a float, cash in/out, X report, count by denomination, close."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets  # noqa: F401  (registers KButton, Keypad)
from kassa.terminal.ui.dialogs import ask_choice, ask_number
from kassa.terminal.ui.viewmodels.shift import CASH_IN_REASONS, CASH_OUT_REASONS


class PieceRow(BoxLayout):
    minor = NumericProperty(0)
    label = StringProperty("")
    count = StringProperty("0")
    amount = StringProperty("")
    owner = ObjectProperty(None, allownone=True, rebind=True)

    def ask(self) -> None:
        ask_number(
            title=f"How many pieces of {self.label}?",
            hint="pieces",
            decimal=False,
            then=lambda text: self.owner.vm.set_count(self.minor, text),
        )


class ShiftScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # ShiftViewModel
    shell = ObjectProperty(None, rebind=True)
    session = ObjectProperty(None, rebind=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.vm.bind(mode=self._show_mode)
        self._show_mode(self.vm, self.vm.mode)

    def _show_mode(self, _vm, mode: str) -> None:
        self.ids.modes.current = mode

    def on_pre_enter(self, *_args) -> None:
        self.vm.info = ""
        self.vm.refresh()

    def ask_cash(self, *, out: bool) -> None:
        reasons = CASH_OUT_REASONS if out else CASH_IN_REASONS
        word = "out of" if out else "into"

        def with_amount(text: str) -> None:
            ask_choice(
                title="Why?",
                options=[(r, r) for r in reasons],
                then=lambda reason: self.vm.move_cash(text, out=out, reason=reason),
            )

        ask_number(title=f"Cash {word} the drawer: amount", hint="amount", then=with_amount)


Builder.load_file(str(Path(__file__).with_name("shift.kv")))
