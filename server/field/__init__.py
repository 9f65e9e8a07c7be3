"""Head office's side of field sales: applying pushed facts, invoicing, reports.

``FIELD_APPLIERS`` maps each field-sales fact type to the function that applies
it at head office (``server.push`` calls it inside the push transaction; a
``ServiceError`` quarantines the fact with its message).
"""

from __future__ import annotations

from collections.abc import Callable

from kassa.server.field.activities import apply_activity
from kassa.server.field.deals import apply_stage_move
from kassa.server.field.invoice_orders import apply_invoice_order
from kassa.server.field.offers import apply_offer
from kassa.server.field.orders import apply_order_cancelled, apply_sales_order

FIELD_APPLIERS: dict[str, Callable[..., None]] = {
    "offer": apply_offer,
    "sales_order": apply_sales_order,
    "order_cancelled": apply_order_cancelled,
    "invoice_order": apply_invoice_order,
    "activity": apply_activity,
    "deal_stage_move": apply_stage_move,
}

__all__ = ["FIELD_APPLIERS"]
