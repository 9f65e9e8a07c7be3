"""Small reusable widgets: touch buttons, the numeric keypad, a message banner.

Their look is in ``widgets.kv`` (loaded once, here, at import: kv rules are global).
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    NumericProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label

from kassa.terminal.ui import theme

ROWS = (
    ("7", "8", "9", "back"),
    ("4", "5", "6", "clear"),
    ("1", "2", "3", "."),
    ("0", "00", "enter"),
)
KEY_LABELS = {"back": "Del", "clear": "C", "enter": "OK"}


class KButton(Button):
    """A flat, high-contrast button at least one touch target tall."""

    fill = ColorProperty(theme.PRIMARY)
    name = StringProperty("")  # a stable handle for tests and for the keypad


class KLabel(Label):
    """Text that wraps inside its box."""


class Banner(Label):
    """One line telling the cashier what went wrong (or right); empty hides it."""

    tone = StringProperty("error")  # error | info


class Keypad(BoxLayout):
    """Digits, 00, point, delete, clear, OK. Edits ``value``; OK fires ``on_enter``.

    ``allow_decimal`` hides the point (PINs, counts); ``max_length`` caps the input.
    """

    value = StringProperty("")
    allow_decimal = BooleanProperty(True)
    max_length = NumericProperty(12)
    enter_text = StringProperty("OK")

    __events__ = ("on_enter",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.keys: dict[str, KButton] = {}
        for keys in ROWS:
            row = BoxLayout(spacing=theme.GAP)
            for key in keys:
                label = self.enter_text if key == "enter" else KEY_LABELS.get(key, key)
                button = KButton(text=label, name=f"key_{key}", fill=_key_fill(key))
                button.size_hint_x = 2 if key == "enter" else 1
                button.bind(on_release=lambda _b, k=key: self.press(k))
                row.add_widget(button)
                self.keys[key] = button
            self.add_widget(row)
        self.bind(allow_decimal=self._show_point, enter_text=self._relabel)
        self._show_point()

    def key(self, name: str) -> KButton:
        return self.keys[name]

    def press(self, key: str) -> None:
        if key == "enter":
            self.dispatch("on_enter", self.value)
        elif key == "back":
            self.value = self.value[:-1]
        elif key == "clear":
            self.value = ""
        elif key == "." and (not self.allow_decimal or "." in self.value):
            return
        elif len(self.value) + len(key) <= self.max_length:
            self.value += key

    def type_text(self, text: str) -> None:
        """Keys from a hardware keyboard: digits and the point edit, Enter is OK."""
        for char in text:
            if char in "\r\n":
                self.press("enter")
            elif char.isdigit() or char == ".":
                self.press(char)
            elif char == "\b":
                self.press("back")

    def on_enter(self, value: str) -> None:
        pass

    def _show_point(self, *_args) -> None:
        point = self.key(".")
        point.disabled = not self.allow_decimal
        point.opacity = 1 if self.allow_decimal else 0

    def _relabel(self, *_args) -> None:
        self.key("enter").text = self.enter_text


def _key_fill(key: str):
    if key == "enter":
        return theme.GO
    if key in ("back", "clear"):
        return theme.NEUTRAL
    return theme.PANEL_ALT


class Titled(BoxLayout):
    """A vertical panel with a heading."""

    title = StringProperty("")


Builder.load_file(str(Path(__file__).with_name("widgets.kv")))
