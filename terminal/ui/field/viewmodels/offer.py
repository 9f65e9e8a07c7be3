"""The offer editor: products at the customer's prices, optional lines, save, PDF and
print; then the customer's selection (tap lines to take or leave them) becomes a
sales order."""

from __future__ import annotations

import uuid
from typing import Any

from kivy.properties import ListProperty, ObjectProperty, StringProperty

from kassa.core.money import Money
from kassa.core.money_format import format_money
from kassa.terminal.ui.field import rows
from kassa.terminal.ui.viewmodels.base import ViewModel


class OfferViewModel(ViewModel):
    draft = ObjectProperty(None, allownone=True)
    title = StringProperty("No offer open")
    line_rows = ListProperty([])
    total = StringProperty("")
    product_rows = ListProperty([])
    saved_id = StringProperty("")  # the saved offer: lines now pick the accepted selection
    taken = ListProperty([])  # line ids the customer takes

    def __init__(self, *, field: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = field

    def new(self, customer_id: str) -> None:
        self.saved_id, self.taken = "", []
        self.call(self.field.drafts.new, "offer", uuid.UUID(customer_id), then=self._draft)

    def open(self, offer_id: str) -> None:
        """A saved offer: its latest revision, lines to pick the customer's selection."""

        def load() -> tuple:
            offers = self.field.offers
            return offers.as_draft(uuid.UUID(offer_id)), offers.latest(uuid.UUID(offer_id))

        self.call(load, then=self._opened)

    def _opened(self, got: tuple) -> None:
        draft, view = got
        self._draft(draft)
        self._saved(view)
        self.info = f"Offer {view.number} ({view.status}); tap lines the customer takes"

    def revise(self) -> None:
        self.call(self.field.offers.revise, uuid.UUID(self.saved_id), then=self._revising)

    def _revising(self, draft: Any) -> None:
        self.saved_id, self.taken = "", []
        self._draft(draft)
        self.info = f"Revision {draft.revision}: change the lines, then save"

    def _draft(self, draft: Any) -> None:
        self.draft = draft
        revision = f" · revision {draft.revision}" if draft.revision > 1 else ""
        self.title = f"Offer for {draft.customer.name}{revision}"
        self._lines()
        if draft.lines:
            self.call(self.field.drafts.amounts, draft, then=self._amounts)
        else:
            self.total = ""

    def _lines(self) -> None:
        taken = set(self.taken) if self.saved_id else None
        self.line_rows = [
            rows.draft_line(ln, self.draft.currency, taken=taken) for ln in self.draft.lines
        ]

    def _amounts(self, amounts: Any) -> None:
        cur = self.draft.currency
        extra = amounts.optional_total_minor
        self.total = f"Total {format_money(Money(amounts.total_minor, cur))}" + (
            f"  (+ optional {format_money(Money(extra, cur))})" if extra else ""
        )

    def find(self, text: str) -> None:
        self.call(self.field.prices.search, text, then=self._products)

    def _products(self, found: list) -> None:
        self.product_rows = [rows.product(p) for p in found] or [rows.note("No product found")]

    def add(self, key: str, optional: bool = False, quantity: str = "1") -> None:
        if self.draft is None or not key:
            return
        if self.saved_id:
            self.error = "This offer is saved: revise it to change lines"
            return
        self.call(
            self.field.drafts.add_line,
            self.draft,
            uuid.UUID(key),
            quantity=quantity.strip() or "1",
            optional=optional,
            then=self._draft,
        )

    def line_tapped(self, line_id: str) -> None:
        """Before saving: optional or not. After: taken by the customer or not."""
        if self.saved_id:
            taken = list(self.taken)
            self.taken = (
                [i for i in taken if i != line_id] if line_id in taken else [*taken, line_id]
            )
            self._lines()
            return
        line = self.draft.line(line_id)
        self.call(
            self.field.drafts.set_optional, self.draft, line_id, not line.optional, then=self._draft
        )

    def save(self) -> None:
        self.call(self.field.offers.save, self.draft, then=self._saved)

    def _saved(self, view: Any) -> None:
        self.saved_id = str(view.offer.offer_id)
        self.taken = [line.line_id for line in view.offer.lines if not line.optional]
        self._lines()
        total = format_money(Money(view.offer.total_minor, view.offer.currency))
        self.info = f"Offer {view.number} saved ({total}); tap lines the customer takes"

    def pdf(self) -> None:
        self.call(
            self.field.documents.pdf,
            "offer",
            uuid.UUID(self.saved_id),
            then=lambda path: setattr(self, "info", f"PDF ready to send: {path.name}"),
        )

    def print(self) -> None:
        self.call(
            self.field.documents.print,
            "offer",
            uuid.UUID(self.saved_id),
            then=lambda _job: setattr(self, "info", "Offer sent to the printer"),
        )

    def accept(self) -> None:
        """The customer's selection becomes a sales order."""
        self.call(
            self.field.offers.accept, uuid.UUID(self.saved_id), list(self.taken), then=self._order
        )

    def _order(self, order: Any) -> None:
        total = format_money(Money(order.order.total_minor, order.order.currency))
        self.info = f"Sales order {order.number} ({total}) saved; head office confirms it"
