"""The sale screen: cart on the left with the big total, quick keys and search on the right."""

from __future__ import annotations

import re
from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kassa.terminal.ui import widgets
from kassa.terminal.ui.dialogs import ask_choice, ask_number

BARCODE = re.compile(r"^\d{8}$|^\d{12,14}$|^\]")  # EAN-8, UPC/EAN-13/GTIN-14, AIM prefix


class CartRow(ButtonBehavior, BoxLayout):
    line_id = StringProperty("")
    name = StringProperty("")
    detail = StringProperty("")
    amount = StringProperty("")
    selected = BooleanProperty(False)
    owner = ObjectProperty(None, allownone=True, rebind=True)  # the SellScreen


class ProductKey(widgets.KButton):
    product_id = StringProperty("")
    price = StringProperty("")
    weighed = BooleanProperty(False)
    unit = StringProperty("")
    owner = ObjectProperty(None, allownone=True, rebind=True)


class GroupTab(widgets.KButton):
    group_id = StringProperty("")
    active = BooleanProperty(False)
    owner = ObjectProperty(None, allownone=True, rebind=True)


class SellScreen(Screen):
    vm = ObjectProperty(None, rebind=True)  # SaleViewModel
    session = ObjectProperty(None, rebind=True)  # SessionViewModel (Lock)
    shell = ObjectProperty(None, rebind=True)
    customer = ObjectProperty(None, rebind=True)  # CustomerViewModel

    def on_pre_enter(self, *_args) -> None:
        self.vm.refresh()

    @property
    def typing(self) -> bool:
        """True while the search field has the keyboard (a wedge scan then lands there)."""
        return bool(self.ids.search.focus)

    def scanned(self, code: str) -> None:
        self.vm.scan(code)

    def submit_search(self, text: str) -> None:
        self.ids.search.text = ""
        if BARCODE.match(text.strip()):
            self.vm.scan(text)
        else:
            self.vm.search(text)

    def pick(self, key: ProductKey) -> None:
        """A product key: sold by weight asks for the weight (no scale wired here)."""
        if key.weighed:
            ask_number(
                title=f"{key.name}: weight in {key.unit}",
                hint=f"weight in {key.unit}, e.g. 0.75",
                then=lambda text: self.vm.pick(key.product_id, weight=text or "0"),
            )
        else:
            self.vm.pick(key.product_id)

    def ask_multiplier(self) -> None:
        ask_number(title="How many of the next item?", hint="quantity", then=self.vm.set_multiplier)

    def ask_quantity(self) -> None:
        ask_number(title="New quantity", hint="quantity", then=self.vm.set_quantity)

    def ask_price(self) -> None:
        ask_number(title="New unit price", hint="price", then=self.vm.override_price)

    def ask_discount(self) -> None:
        if self.vm.selected:
            ask_number(
                title="Discount on the line, in %", hint="percent", then=self.vm.discount_line
            )
        else:
            ask_number(
                title="Discount on the whole sale, in %", hint="percent", then=self.vm.discount_sale
            )

    def ask_recall(self) -> None:
        self.vm.bind(parked=self._offer_parked)
        self.vm.load_parked()

    def _offer_parked(self, vm, parked) -> None:
        vm.unbind(parked=self._offer_parked)
        if parked:
            options = [(p["park_id"], p["label"]) for p in parked]
            ask_choice(title="Recall a parked sale", options=options, then=vm.recall)

    def ask_cancel(self) -> None:
        ask_choice(
            title="Cancel this whole sale?",
            options=[("yes", "Yes, cancel the sale")],
            then=lambda _key: self.vm.cancel(),
        )


Builder.load_file(str(Path(__file__).with_name("sell.kv")))
