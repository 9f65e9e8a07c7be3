"""Customers: search, add and edit offline, the 360° view, a visit logged there,
and an invoice of the customer printed by tapping it."""

from __future__ import annotations

import uuid
from typing import Any

from kivy.properties import ListProperty, StringProperty

from kassa.terminal.ui.field import rows
from kassa.terminal.ui.viewmodels.base import ViewModel


class CustomersViewModel(ViewModel):
    customer_rows = ListProperty([])
    customer_id = StringProperty("")
    detail_title = StringProperty("Pick a customer")
    detail_rows = ListProperty([])
    phone = StringProperty("")
    email = StringProperty("")

    def __init__(self, *, field: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = field

    def search(self, text: str = "") -> None:
        self.call(self.field.customers.search, text, then=self._found)

    def _found(self, found: list) -> None:
        self.customer_rows = [rows.customer(c) for c in found] or [
            rows.note("No customer matches: check the spelling, or add one")
        ]

    def choose(self, key: str) -> None:
        if key:
            self.customer_id = key
            self.call(self.field.customer_360, uuid.UUID(key), then=self._show)

    def _show(self, view: Any) -> None:
        self.detail_title = view.customer["name"]
        self.phone = view.customer.get("phone") or ""
        self.email = view.customer.get("email") or ""
        self.detail_rows = rows.customer_360(view, self.field.ctx.zone)

    def detail_tapped(self, key: str) -> None:
        """A tap on an invoice row prints the invoice."""
        if key.startswith("invoice:"):
            invoice_id = uuid.UUID(key.split(":", 1)[1])
            self.call(
                self.field.documents.print,
                "invoice",
                invoice_id,
                then=lambda _job: setattr(self, "info", "Invoice sent to the printer"),
            )

    def add(self, name: str, city: str = "") -> None:
        self.call(self.field.customers.create, {"name": name, "city": city}, then=self._created)

    def _created(self, customer: dict) -> None:
        self.info = f"{customer['name']} saved on the tablet; head office gets it at the next sync"
        self.search("")
        self.choose(str(customer["id"]))

    def save_contact(self, phone: str, email: str) -> None:
        if not self.customer_id:
            self.error = "Pick a customer first"
            return
        self.call(
            self.field.customers.edit,
            uuid.UUID(self.customer_id),
            {"phone": phone, "email": email},
            then=lambda c: self._edited(c),
        )

    def _edited(self, customer: dict) -> None:
        self.info = f"{customer['name']}: contact saved; head office merges it at the next sync"
        self.choose(str(customer["id"]))

    def log_visit(self, outcome: str) -> None:
        if not self.customer_id:
            self.error = "Pick a customer first"
            return
        self.call(
            self.field.agenda.log,
            kind="visit",
            subject="Visit",
            starts_at=self.field.ctx.now(),
            duration_minutes=30,
            customer_id=uuid.UUID(self.customer_id),
            outcome=outcome or "Visited",
            then=lambda _a: self.choose(self.customer_id),
        )
