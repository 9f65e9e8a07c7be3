"""The PIN pad: sign in, and the lock screen that unlocks or switches cashier."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets


class PinPanel(BoxLayout):
    vm = ObjectProperty(None, rebind=True)
    heading = StringProperty("")
    hint = StringProperty("")
    note = StringProperty("")  # e.g. the demo's PINs


class NameButton(widgets.KButton):
    """A person's name on the sign-in screen; tapped, the PIN is checked for them only."""

    user_id = ObjectProperty(None, allownone=True)
    chosen = BooleanProperty(False)
    owner = ObjectProperty(None, allownone=True, rebind=True)


class LoginScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # SessionViewModel

    def on_pre_enter(self, *_args) -> None:
        self.vm.load_people()

    def typed(self, text: str) -> None:
        """A PIN typed on a hardware keyboard."""
        self.ids.panel.ids.keypad.type_text(text)


class LockScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # SessionViewModel

    def typed(self, text: str) -> None:
        self.ids.panel.ids.keypad.type_text(text)


Builder.load_file(str(Path(__file__).with_name("login.kv")))
