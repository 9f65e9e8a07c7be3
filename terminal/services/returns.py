"""Returns against a receipt, found by its number or by scanning its barcode.

A return always needs a manager (unless the operator's role may return), never
takes back more than was sold (per line, counting earlier returns) nor refunds
more than was paid per tender method.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from kassa.terminal.services.events import ReceiptForReturn, ReturnCompleted, Tender
from kassa.terminal.services.roles import Approval


class ReturnDesk:
    def find(self, number_or_barcode: str) -> ReceiptForReturn:
        """The receipt with what may still be returned; raises ``NotFound``."""
        raise NotImplementedError

    def complete(
        self,
        *,
        receipt_number: str,
        quantities: Mapping[str, Decimal],  # line_id -> quantity to take back
        refunds: Sequence[Tender],  # how the money goes back; must equal the refund
        reason: str,
        approval: Approval | None = None,
    ) -> ReturnCompleted:
        raise NotImplementedError
