"""The sale screen's view-model: the cart, the big total, quick keys, search and scans.

Every change goes through ``SaleDesk`` (off the UI thread) and comes back as a
``CartView``, which ``show`` turns into rows and texts for the screen.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from kivy.properties import ListProperty, StringProperty

from kassa.terminal.services.cart import CartView
from kassa.terminal.ui.viewmodels.base import ViewModel, shows_refusals
from kassa.terminal.ui.viewmodels.cart_rows import EMPTY, cart_rows, product_row, summary
from kassa.terminal.ui.viewmodels.text import (
    local,
    money,
    plural,
    quantity,
    typed_decimal,
    typed_money,
)


class SaleViewModel(ViewModel):
    lines = ListProperty([])  # rows for the cart list
    selected = StringProperty("")  # line id
    total_text = StringProperty("")
    summary_text = StringProperty(EMPTY)
    customer_text = StringProperty("")
    groups = ListProperty([])  # [{"group_id", "name"}]
    group = StringProperty("")  # the open quick-key tab
    keys = ListProperty([])  # the open tab's products, or search results
    keys_title = StringProperty("")
    multiplier = StringProperty("")  # "3": the next scan or pick counts 3
    parked = ListProperty([])  # [{"park_id", "label"}]

    def __init__(self, *, desk: Any, currency: str, shell: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.desk = desk
        self.currency = currency
        self.shell = shell
        self.view: CartView | None = None
        self.total_text = money(typed_money("0", currency, what="total"))

    # -- loading ----------------------------------------------------------------
    def refresh(self) -> None:
        self.call(self.desk.view, then=self.show)
        if not self.groups:
            self.call(self.desk.groups, then=self._show_groups)

    def _show_groups(self, groups: Any) -> None:
        self.groups = [{"group_id": str(g.id), "name": g.name} for g in groups]
        if self.groups and not self.group:
            self.open_group(self.groups[0]["group_id"])

    def open_group(self, group_id: str) -> None:
        self.group = group_id
        name = next((g["name"] for g in self.groups if g["group_id"] == group_id), "")
        self.call(
            self.desk.quick_keys, uuid.UUID(group_id), then=lambda items: self._keys(items, name)
        )

    def search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.error = "Type part of a name or article number, then Search"
            return
        self.call(self.desk.search, text, then=lambda items: self._found(items, text))

    def _found(self, items: Any, text: str) -> None:
        self.group = ""
        self._keys(items, f"Search: {text}" if items else f"Nothing found for {text!r}")

    def _keys(self, items: Any, title: str) -> None:
        self.keys = [product_row(item) for item in items]
        self.keys_title = title

    # -- changing the cart -------------------------------------------------------
    def scan(self, code: str) -> None:
        code = code.strip()
        if code:
            self.call(self.desk.scan, code, quantity=self._take_multiplier(), then=self.show)

    @shows_refusals
    def pick(self, product_id: str, weight: str = "") -> None:
        """A quick key or search result; ``weight`` as typed for a product sold by weight."""
        if weight:
            qty = typed_decimal(weight, what="weight")
            self.multiplier = ""
        else:
            qty = self._take_multiplier() or Decimal(1)
        self.call(self.desk.add, uuid.UUID(product_id), quantity=qty, then=self.show)

    @shows_refusals
    def set_multiplier(self, text: str) -> None:
        self.multiplier = quantity(typed_decimal(text, what="quantity")) if text else ""

    def _take_multiplier(self) -> Decimal | None:
        text, self.multiplier = self.multiplier, ""
        return Decimal(text) if text else None

    def select(self, line_id: str) -> None:
        self.selected = "" if self.selected == line_id else line_id
        self._mark_selected()

    def _line(self) -> str | None:
        if not self.selected:
            self.error = "Tap a line in the cart first"
            return None
        return self.selected

    @shows_refusals
    def set_quantity(self, text: str) -> None:
        if line := self._line():
            qty = typed_decimal(text, what="quantity")
            self.call(self.desk.set_quantity, line, qty, then=self.show)

    @shows_refusals
    def override_price(self, text: str) -> None:
        if line := self._line():
            price = typed_money(text, self.currency, what="price")
            self.call(self.desk.override_price, line, price, then=self.show)

    @shows_refusals
    def discount_line(self, text: str) -> None:
        if line := self._line():
            percent = typed_decimal(text, what="discount in percent")
            self.call(self.desk.discount_line, line, percent=percent, then=self.show)

    @shows_refusals
    def discount_sale(self, text: str) -> None:
        percent = typed_decimal(text, what="discount in percent")
        self.call(self.desk.discount_sale, percent=percent, then=self.show)

    def void_line(self) -> None:
        if line := self._line():
            self.call(self.desk.void_line, line, then=self.show)

    # -- the whole sale -------------------------------------------------------
    def park(self) -> None:
        if self.view is None or not self.view.lines:
            self.error = "Nothing to park: the cart is empty"
            return
        self.call(self.desk.park, then=lambda parked: self._parked(parked))

    def _parked(self, parked: Any) -> None:
        name = parked.label or f"the sale of {local(parked.at):%H:%M}"
        self.info = f"Parked {name} ({money(parked.total)}): Recall brings it back"
        self.refresh()

    def load_parked(self) -> None:
        self.call(self.desk.parked, then=self._show_parked)

    def _show_parked(self, parked: Any) -> None:
        self.parked = [
            {
                "park_id": p.park_id,
                "label": " · ".join(
                    part
                    for part in (
                        p.label,
                        f"{local(p.at):%H:%M} {p.cashier}",
                        plural(p.lines, "line"),
                        money(p.total),
                    )
                    if part
                ),
            }
            for p in parked
        ]
        if not parked:
            self.error = "No parked sales"

    def recall(self, park_id: str) -> None:
        self.parked = []
        self.call(self.desk.recall, park_id, then=self.show)

    def cancel(self) -> None:
        self.call(self.desk.cancel, then=self._cancelled)

    def _cancelled(self, cancelled: Any) -> None:
        self.info = f"Sale cancelled ({cancelled.lines} items, {money(cancelled.total)})"
        self.refresh()

    def pay(self) -> None:
        if self.view is None or not self.view.lines:
            self.error = "The cart is empty: add items before paying"
            return
        self.shell.go("payment")

    # -- showing -------------------------------------------------------------
    def show(self, view: CartView) -> None:
        self.view = view
        if self.selected not in {row.line.line_id for row in view.lines}:
            self.selected = ""
        self.lines = cart_rows(view, selected=self.selected)
        self.total_text = money(view.total)
        self.summary_text = summary(view)
        self.customer_text = view.customer.name if view.customer else ""

    def _mark_selected(self) -> None:
        self.lines = [{**row, "selected": row["line_id"] == self.selected} for row in self.lines]
