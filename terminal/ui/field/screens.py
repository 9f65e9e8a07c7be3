"""The rep's screens: home (today + target), customers (search + 360° view), agenda
(day / week), deals (the pipeline by stage) and the offer editor. Each lays out
side by side in landscape and stacked in portrait (a 10-inch tablet, 1280x800 both
ways). Views only: every action is one call on the screen's view-model (``vm``);
``nav`` (``FieldNav``) switches screens. One kv file per screen, loaded once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets  # noqa: F401  (registers KButton, Banner)
from kassa.terminal.ui.theme import rgba

KV = ("common", "home", "customers", "agenda", "deals", "offer")


class FieldRow(ButtonBehavior, BoxLayout):
    key = StringProperty("")
    title = StringProperty("")
    detail = StringProperty("")
    colour = StringProperty("#455a64")
    owner = ObjectProperty(None, allownone=True, rebind=True)

    def rgba(self, hex_colour: str):
        return rgba(hex_colour)


class FieldNavBar(BoxLayout):
    nav = ObjectProperty(None, rebind=True)


class FieldScreen(Screen):
    nav = ObjectProperty(None, rebind=True)  # FieldNav
    vm = ObjectProperty(None, rebind=True)  # this screen's view-model

    def tapped(self, key: str) -> None:
        pass


class FieldHomeScreen(FieldScreen):
    pass


class FieldCustomersScreen(FieldScreen):
    def on_vm(self, _screen: Any, vm: Any) -> None:
        if vm is not None:
            vm.ask_remove = self.ask_remove

    def tapped(self, key: str) -> None:
        self.vm.choose(key)

    def ask_remove(self, what: str, remove: Callable[[], None]) -> None:
        """A tapped further contact or address: remove it, after asking."""
        from kassa.terminal.ui.dialogs import ask_choice

        ask_choice(
            title=f"Remove {what}?",
            options=[("remove", "Remove from the customer")],
            then=lambda _key: remove(),
        )

    def open_more(self) -> None:
        """The dialog adding a contact or a billing / delivery address."""
        if not self.vm.customer_id:
            self.vm.error = "Pick a customer first"
            return
        self.vm.error = ""
        MoreDialog(vm=self.vm, title=f"Add to {self.vm.detail_title}").open(animation=False)


class MoreDialog(ModalView):
    """A contact (name, role, phone, e-mail) or an address (street, postal code,
    city, country): the kind buttons switch what the four fields ask for."""

    vm = ObjectProperty(None, rebind=True)
    title = StringProperty("")
    kind = StringProperty("contact")  # contact, billing or delivery

    def add(self) -> None:
        ids = self.ids
        texts = (ids.a.text, ids.b.text, ids.c.text, ids.d.text)
        self.vm.add_more(self.kind, *texts, done=lambda: self.dismiss(animation=False))


class CustomerDetail(BoxLayout):
    owner = ObjectProperty(None, rebind=True)

    def tapped(self, key: str) -> None:
        self.owner.vm.detail_tapped(key)


class FieldAgendaScreen(FieldScreen):
    def tapped(self, key: str) -> None:
        if key:
            follow = self.ids.follow_up.state == "down"
            self.vm.complete(key, self.ids.outcome.text.strip(), follow_up=follow)
            self.ids.outcome.text = ""


class FieldDealsScreen(FieldScreen):
    def tapped(self, key: str) -> None:
        self.vm.select(key)


class FieldOfferScreen(FieldScreen):
    def tapped(self, key: str) -> None:
        self.vm.line_tapped(key)

    def product_tapped(self, key: str) -> None:
        products = self.ids.products.ids
        self.vm.add(key, optional=products.optional.state == "down", quantity=products.qty.text)


class ProductList(BoxLayout):
    owner = ObjectProperty(None, rebind=True)

    def tapped(self, key: str) -> None:
        self.owner.product_tapped(key)


def field_screens(nav) -> list[Screen]:
    return [
        FieldHomeScreen(nav=nav, vm=nav.home),
        FieldCustomersScreen(nav=nav, vm=nav.customers),
        FieldAgendaScreen(nav=nav, vm=nav.agenda),
        FieldDealsScreen(nav=nav, vm=nav.deals),
        FieldOfferScreen(nav=nav, vm=nav.offer),
    ]


for _name in KV:
    Builder.load_file(str(Path(__file__).with_name(f"field_{_name}.kv")))
