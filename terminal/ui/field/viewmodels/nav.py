"""``FieldNav``: the rep's screens and how to reach them (the nav bar's buttons)."""

from __future__ import annotations

from typing import Any

from kassa.terminal.ui.field.viewmodels.agenda import AgendaViewModel
from kassa.terminal.ui.field.viewmodels.customers import CustomersViewModel
from kassa.terminal.ui.field.viewmodels.deals import DealsViewModel
from kassa.terminal.ui.field.viewmodels.home import HomeViewModel
from kassa.terminal.ui.field.viewmodels.offer import OfferViewModel


class FieldNav:
    def __init__(self, *, field: Any, shell: Any, session: Any, worker: Any) -> None:
        self.field, self.shell, self.session = field, shell, session
        self.home = HomeViewModel(field=field, worker=worker)
        self.customers = CustomersViewModel(field=field, worker=worker)
        self.agenda = AgendaViewModel(
            field=field, worker=worker, customer_id=lambda: self.customers.customer_id
        )
        self.deals = DealsViewModel(
            field=field, worker=worker, customer_id=lambda: self.customers.customer_id
        )
        self.offer = OfferViewModel(field=field, worker=worker)
        self.customers.open_offer = self.show_offer

    def open_home(self) -> None:
        self.shell.go("field_home")
        self.home.refresh()

    def open_customers(self) -> None:
        self.shell.go("field_customers")
        self.customers.search("")

    def open_agenda(self, mode: str | None = None) -> None:
        self.shell.go("field_agenda")
        self.agenda.show(mode)

    def open_deals(self) -> None:
        self.shell.go("field_deals")
        self.deals.show()

    def open_offer(self) -> None:
        """The offer being built, or a new one for the customer picked."""
        if self.offer.draft is None or (
            self.customers.customer_id
            and str(self.offer.draft.customer.customer_id) != self.customers.customer_id
        ):
            if not self.customers.customer_id:
                self.customers.error = "Pick a customer first, then Offer"
                self.open_customers()
                return
            self.offer.new(self.customers.customer_id)
        self.shell.go("field_offer")

    def new_offer(self) -> None:
        if not self.customers.customer_id:
            self.customers.error = "Pick a customer first, then New offer"
            return
        self.offer.new(self.customers.customer_id)
        self.shell.go("field_offer")

    def show_offer(self, offer_id: str) -> None:
        self.offer.open(offer_id)
        self.shell.go("field_offer")

    def sign_out(self) -> None:
        self.offer.draft = None
        self.session.sign_out()
