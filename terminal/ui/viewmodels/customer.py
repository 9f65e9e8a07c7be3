"""Customers at the till: put one on the sale, or ask for an invoice for a paid receipt.

``mode`` "sale" puts the chosen customer on the open sale; "invoice" creates an
invoice order for ``receipt_number`` (head office issues the numbered invoice).
"""

from __future__ import annotations

import uuid
from typing import Any

from kivy.properties import ListProperty, StringProperty

from kassa.terminal.ui.viewmodels.base import ViewModel


class CustomerViewModel(ViewModel):
    mode = StringProperty("sale")  # sale | invoice
    receipt_number = StringProperty("")
    title = StringProperty("Customer for this sale")
    results = ListProperty([])  # [{"customer_id", "name", "detail"}]

    def __init__(
        self, *, customers: Any, desk: Any, invoices: Any, shell: Any, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.customers, self.desk, self.invoices, self.shell = customers, desk, invoices, shell

    def for_sale(self) -> None:
        self.mode, self.receipt_number = "sale", ""
        self.title = "Customer for this sale"
        self._open()

    def for_invoice(self, receipt_number: str) -> None:
        self.mode, self.receipt_number = "invoice", receipt_number
        self.title = f"Invoice for receipt {receipt_number}: choose the customer"
        self._open()

    def _open(self) -> None:
        self.results, self.error, self.info = [], "", ""
        self.shell.go("customer")

    def search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.error = "Type part of the customer's name or tax id, then Search"
            return
        self.call(self.customers.search, text, then=lambda found: self._found(found, text))

    def _found(self, found: Any, text: str) -> None:
        self.results = [
            {
                "customer_id": str(c.id),
                "name": c.name,
                "detail": f"Tax id {c.tax_id}" if c.tax_id else "No tax id (no invoice possible)",
            }
            for c in found
            if not c.archived
        ]
        if not self.results:
            self.error = f"No customer matches {text!r}: check the spelling or sync"

    def choose(self, customer_id: str) -> None:
        chosen = uuid.UUID(customer_id)
        if self.mode == "invoice":
            self.call(
                self.invoices.request,
                receipt_number=self.receipt_number,
                customer_id=chosen,
                then=self._invoiced,
            )
        else:
            self.call(self.desk.set_customer, chosen, then=lambda _view: self.shell.go("sell"))

    def _invoiced(self, order: Any) -> None:
        self.info = f"Invoice order {order.number} for receipt {order.receipt_number} sent"
        self.results = []

    def remove(self) -> None:
        self.call(self.desk.set_customer, None, then=lambda _view: self.shell.go("sell"))
