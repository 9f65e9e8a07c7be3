"""Customers: search, add and edit offline, the 360° view, a visit logged there,
and an invoice or order of the customer printed (when the tablet has a printer)
and written as a PDF to send by tapping it."""

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
        self.open_offer = None  # (offer id) -> None, set by FieldNav
        self.ask_remove = None  # (what, remove) -> None: the screen asks first

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
        """An invoice or order row prints it; an offer row opens it (``open_offer``)."""
        kind, _, ident = key.partition(":")
        if kind == "offer" and self.open_offer is not None:
            self.open_offer(ident)
        elif kind in ("contact", "address") and self.ask_remove is not None:
            title = next((r["title"] for r in self.detail_rows if r["key"] == key), kind)
            self.ask_remove(title, lambda: self.remove_entry(ident))
        elif kind in ("invoice", "sales_order"):
            what = "Invoice" if kind == "invoice" else "Order"
            self.call(
                self.field.documents.print_and_pdf,
                kind,
                uuid.UUID(ident),
                then=lambda done: self._handed_out(what, *done),
            )

    def _handed_out(self, what: str, job: str | None, path: Any) -> None:
        printed = "sent to the printer" if job is not None else "not printed (no printer)"
        self.info = f"{what} {printed}; PDF to send: {path.name}"

    def add_more(self, kind: str, a: str, b: str, c: str, d: str, *, done: Any = None) -> None:
        """A contact (name, role, phone, e-mail) or a billing / delivery address
        (street, postal code, city, country) for the customer picked."""
        if not self.customer_id:
            self.error = "Pick a customer first"
            return
        customers, customer_id = self.field.customers, uuid.UUID(self.customer_id)
        if kind == "contact":
            call, values = customers.add_contact, dict(name=a, role=b, phone=c, email=d)
            added = f"Contact {a.strip()}"
        else:
            call = customers.add_address
            values = dict(kind=kind, street=a, postal_code=b, city=c, country=d)
            added = f"{kind.title()} address"

        def saved(_customer: Any) -> None:
            self.info = f"{added} saved on the tablet; head office gets it at the next sync"
            self.choose(self.customer_id)
            if done is not None:
                done()

        self.call(call, customer_id, **values, then=saved)

    def remove_entry(self, entry_id: str) -> None:
        """Take one of the further contacts or addresses off the customer picked."""
        self.call(
            self.field.customers.remove_entry,
            uuid.UUID(self.customer_id),
            entry_id,
            then=lambda _c: self._removed(),
        )

    def _removed(self) -> None:
        self.info = "Removed on the tablet; head office gets it at the next sync"
        self.choose(self.customer_id)

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
