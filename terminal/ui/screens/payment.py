"""Payment: the amount to pay, the tenders so far, a keypad for amounts; then the change."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets
from kassa.terminal.ui.dialogs import ask_number


class TenderRow(widgets.KButton):
    index = NumericProperty(0)
    owner = ObjectProperty(None, allownone=True, rebind=True)


class NoteButton(widgets.KButton):
    minor = NumericProperty(0)
    owner = ObjectProperty(None, allownone=True, rebind=True)


class NotSavedDialog(ModalView):
    """The sale could not be stored: what happened, that it is still here, Try again."""

    vm = ObjectProperty(None, rebind=True)  # PaymentViewModel


class PaymentScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # PaymentViewModel

    def on_vm(self, _screen, vm) -> None:
        self.not_saved_dialog = NotSavedDialog(vm=vm)
        vm.bind(not_saved=self._not_saved)

    def _not_saved(self, _vm, text: str) -> None:
        if text and not self.not_saved_dialog.parent:
            self.not_saved_dialog.open(animation=False)
        elif not text and self.not_saved_dialog.parent:
            self.not_saved_dialog.dismiss(animation=False)

    def on_pre_enter(self, *_args) -> None:
        self.ids.keypad.value = ""
        self.vm.start()

    def typed(self, text: str) -> None:
        """An amount typed on a hardware keyboard; Enter pays it in cash."""
        self.ids.keypad.type_text(text)

    def take_amount(self) -> str:
        text, self.ids.keypad.value = self.ids.keypad.value, ""
        return text

    def cash(self) -> None:
        self.vm.add_cash(self.take_amount())

    def card(self) -> None:
        amount = self.take_amount()
        ask_number(
            title="Card slip reference",
            hint="the number on the card slip",
            decimal=False,
            then=lambda reference: self.vm.add_card(amount, reference),
        )


class PaidScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # PaymentViewModel
    customer = ObjectProperty(None, rebind=True)  # CustomerViewModel (invoice request)


Builder.load_file(str(Path(__file__).with_name("payment.kv")))
