"""The rep's screens: home (today + target), customers (search + 360° view), agenda
(day / week), deals (the pipeline by stage) and the offer editor. Each lays out
side by side in landscape and stacked in portrait (10-inch tablet, 1280x800 both
ways). Views only: every action is one call on ``FieldViewModel``."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets  # noqa: F401  (registers KButton, Banner)
from kassa.terminal.ui.theme import rgba


class FieldRow(ButtonBehavior, BoxLayout):
    key = StringProperty("")
    title = StringProperty("")
    detail = StringProperty("")
    colour = StringProperty("#455a64")
    owner = ObjectProperty(None, allownone=True, rebind=True)

    def rgba(self, hex_colour: str):
        return rgba(hex_colour)


class FieldNav(BoxLayout):
    vm = ObjectProperty(None, rebind=True)
    session = ObjectProperty(None, rebind=True)


class FieldScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # FieldViewModel
    session = ObjectProperty(None, rebind=True)  # SessionViewModel (sign out)

    def tapped(self, key: str) -> None:
        pass


class FieldHomeScreen(FieldScreen):
    pass


class FieldCustomersScreen(FieldScreen):
    def tapped(self, key: str) -> None:
        self.vm.choose_customer(key)


class FieldAgendaScreen(FieldScreen):
    def tapped(self, key: str) -> None:
        if key:
            self.vm.complete_activity(key, self.ids.outcome.text.strip() or "Done")
            self.ids.outcome.text = ""


class FieldDealsScreen(FieldScreen):
    def tapped(self, key: str) -> None:
        if key:
            self.vm.advance_deal(key)


class FieldOfferScreen(FieldScreen):
    def tapped(self, key: str) -> None:
        self.vm.toggle_optional(key)

    def product_tapped(self, key: str) -> None:
        self.vm.add_product(key, optional=self.ids.products.ids.optional.state == "down")


class ProductList(BoxLayout):
    owner = ObjectProperty(None, rebind=True)

    def tapped(self, key: str) -> None:
        self.owner.product_tapped(key)


def field_screens(*, vm, session) -> list[Screen]:
    return [
        cls(vm=vm, session=session)
        for cls in (
            FieldHomeScreen,
            FieldCustomersScreen,
            FieldAgendaScreen,
            FieldDealsScreen,
            FieldOfferScreen,
        )
    ]


Builder.load_file(str(Path(__file__).with_name("field.kv")))
