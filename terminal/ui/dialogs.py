"""The keypad dialog: asks for one number (quantity, price, discount, amount, count)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.modalview import ModalView

from kassa.terminal.ui import widgets


class KeypadDialog(ModalView):
    title = StringProperty("")
    hint = StringProperty("")
    allow_decimal = BooleanProperty(True)

    def __init__(self, *, on_value: Callable[[str], None], **kwargs) -> None:
        super().__init__(**kwargs)
        self._on_value = on_value

    def confirm(self, value: str) -> None:
        self.dismiss(animation=False)
        self._on_value(value)


def ask_number(
    *, title: str, hint: str = "", decimal: bool = True, then: Callable[[str], None]
) -> KeypadDialog:
    """Open a keypad dialog; ``then(text)`` gets what was typed when OK is pressed."""
    dialog = KeypadDialog(title=title, hint=hint, allow_decimal=decimal, on_value=then)
    dialog.open(animation=False)
    return dialog


class ChoiceDialog(ModalView):
    """A list of big buttons; ``then(key)`` gets the one tapped."""

    title = StringProperty("")

    def __init__(
        self, *, options: list[tuple[str, str]], on_choice: Callable[[str], None], **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self._on_choice = on_choice
        box = self.ids.options
        for key, label in options:
            button = widgets.KButton(text=label, name=f"choice_{key}", fill=widgets.theme.PRIMARY)
            button.size_hint_y = None
            button.height = widgets.theme.BUTTON
            button.bind(on_release=lambda _b, k=key: self.choose(k))
            box.add_widget(button)

    def choose(self, key: str) -> None:
        self.dismiss(animation=False)
        self._on_choice(key)


def ask_choice(
    *, title: str, options: list[tuple[str, str]], then: Callable[[str], None]
) -> ChoiceDialog:
    dialog = ChoiceDialog(title=title, options=options, on_choice=then)
    dialog.open(animation=False)
    return dialog


Builder.load_file(str(Path(__file__).with_name("dialogs.kv")))
