"""The PIN pad: sign in, and the lock screen that unlocks or switches cashier."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets  # noqa: F401  (registers KButton, Keypad)


class PinPanel(BoxLayout):
    vm = ObjectProperty(None, rebind=True)
    heading = StringProperty("")
    hint = StringProperty("")
    note = StringProperty("")  # e.g. the demo's PINs


class LoginScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # SessionViewModel


class LockScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # SessionViewModel


Builder.load_file(str(Path(__file__).with_name("login.kv")))
