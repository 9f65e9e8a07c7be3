"""What the sale desk works with, bundled once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from kassa.core.tax import TaxRounding
from kassa.terminal.services.auth import Auth
from kassa.terminal.services.outputs import Outputs
from kassa.terminal.services.ports import (
    BarcodeDecoder,
    Catalog,
    Clock,
    Customers,
    FactLog,
    LocalState,
    PaymentMethodRecord,
    PaymentMethods,
)
from kassa.terminal.services.shift_ledger import ShiftLedger
from kassa.terminal.services.tenders import DEFAULT_METHODS


@dataclass
class SaleContext:
    auth: Auth
    catalog: Catalog
    decoder: BarcodeDecoder
    customers: Customers
    facts: FactLog
    state: LocalState
    clock: Clock
    ledger: ShiftLedger
    outputs: Outputs
    payment_methods: PaymentMethods | None
    currency: str
    cash_step: int = 1  # cash rounding step in minor units (5: CHF 0.05)
    tax_rounding: TaxRounding = TaxRounding.PER_DOCUMENT

    def methods(self) -> dict[str, PaymentMethodRecord]:
        found = self.payment_methods.methods() if self.payment_methods else ()
        return {m.code: m for m in (found or DEFAULT_METHODS)}
