"""An invoice request at the till: creates an ``invoice_order`` fact for a completed
receipt and a customer; head office turns it into a numbered invoice."""

from __future__ import annotations

import uuid

from kassa.terminal.services.events import InvoiceOrderCreated


class InvoiceRequests:
    def request(self, *, receipt_number: str, customer_id: uuid.UUID) -> InvoiceOrderCreated:
        """One invoice order per receipt; raises ``ServiceError`` on a second request."""
        raise NotImplementedError
