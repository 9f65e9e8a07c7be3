"""The open sale at the terminal: what the selling screen calls.

One ``SaleDesk`` per terminal holds the current cart. Each method returns a fresh
``CartView``; a refusal raises a ``ServiceError`` and leaves the cart unchanged.
Above the operator's limits a method raises ``ApprovalNeeded``; call it again with
``approval=auth.approve(pin=manager_pin, action=error.request.action)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from kassa.core.money import Money
from kassa.terminal.services.cart import CartView
from kassa.terminal.services.events import (
    ParkedSummary,
    SaleCancelled,
    SaleCompleted,
    SaleParked,
    Tender,
)
from kassa.terminal.services.ports import CatalogItem, GroupRecord
from kassa.terminal.services.roles import Approval


class SaleDesk:
    # -- finding products --------------------------------------------------
    def search(self, text: str, *, limit: int = 50) -> Sequence[CatalogItem]:
        """Products by name or SKU (accents folded, substring)."""
        raise NotImplementedError

    def groups(self) -> Sequence[GroupRecord]:
        """Product groups for the quick-key tabs."""
        raise NotImplementedError

    def quick_keys(self, group_id: uuid.UUID) -> Sequence[CatalogItem]:
        raise NotImplementedError

    # -- editing the cart ---------------------------------------------------
    def view(self) -> CartView:
        raise NotImplementedError

    def scan(self, raw: str, *, quantity: Decimal | None = None) -> CartView:
        """A scanned or typed barcode: EAN/UPC, or GS1 variable measure (weight or
        price embedded). ``quantity`` multiplies a plain code (e.g. 3 x scan)."""
        raise NotImplementedError

    def add(self, product_id: uuid.UUID, *, quantity: Decimal = Decimal(1)) -> CartView:
        """A product picked from search or a quick key."""
        raise NotImplementedError

    def set_quantity(self, line_id: str, quantity: Decimal) -> CartView:
        raise NotImplementedError

    def override_price(
        self, line_id: str, unit_price: Money, *, approval: Approval | None = None
    ) -> CartView:
        raise NotImplementedError

    def discount_line(
        self,
        line_id: str,
        *,
        percent: Decimal | None = None,
        amount: Money | None = None,
        approval: Approval | None = None,
    ) -> CartView:
        """Percent of the line, or a fixed amount off; 0 removes the discount."""
        raise NotImplementedError

    def discount_sale(self, *, percent: Decimal, approval: Approval | None = None) -> CartView:
        raise NotImplementedError

    def void_line(self, line_id: str, *, approval: Approval | None = None) -> CartView:
        raise NotImplementedError

    def set_customer(self, customer_id: uuid.UUID | None) -> CartView:
        """Put a customer on the sale (None removes it)."""
        raise NotImplementedError

    # -- parking and cancelling ---------------------------------------------
    def park(self, *, label: str = "") -> SaleParked:
        """Put the cart aside (kept across restarts) and start an empty one."""
        raise NotImplementedError

    def parked(self) -> Sequence[ParkedSummary]:
        raise NotImplementedError

    def recall(self, park_id: str) -> CartView:
        """Bring a parked sale back (only into an empty cart)."""
        raise NotImplementedError

    def cancel(self, *, approval: Approval | None = None) -> SaleCancelled:
        """Abandon the sale: recorded as a ``receipt_cancelled`` fact, then cleared."""
        raise NotImplementedError

    # -- paying --------------------------------------------------------------
    def amount_due(self, *, cash: bool) -> Money:
        """What the customer owes now; with ``cash`` the cash-rounded amount."""
        raise NotImplementedError

    def checkout(self, tenders: Sequence[Tender]) -> SaleCompleted:
        """Pay and complete: durable receipt fact first, then print and open the drawer.

        Cash may exceed what is due (change is given); other tenders may not.
        """
        raise NotImplementedError
