"""Field sales on a rep's tablet: plain-Python use cases over the device replica.

``field_sales_for(pos)`` (``bundle``) gives ``FieldSales``; everything works
offline, every change is a fact recorded through ``kassa.sync.replica``'s
``record_fact`` (durable, journaled, outboxed) and pushed by the sync engine:

- ``customers`` (``CustomerBook``): search, get, create, edit, archive
  (``customer_edit`` shared edits); ``customer_360(id)``: the 360° view;
- ``agenda`` (``Agenda``): plan / log / complete (+ next) / reschedule / cancel
  visits, calls, meetings and tasks; ``day`` and ``week`` views (``activity``);
- ``pipeline`` (``Pipeline``): stages, deals create / edit (``deal_edit``),
  ``move`` (``deal_stage_move``; won makes the order, lost needs a reason);
- ``drafts`` (``DraftDesk``): offer / order drafts with lines at the customer's
  prices (``prices``: ``core.pricing.resolve_price``), optional offer lines;
- ``offers`` (``OfferDesk``): save, revise (revisions kept), accept a selection
  -> sales order (``offer``); ``orders`` (``OrderBook``): save, cancel,
  status from head office, ``request_invoice`` for a delivered order
  (``sales_order``, ``order_cancelled``, ``invoice_order``);
- ``invoices`` (``InvoiceShelf``): pulled invoices, open balance;
- ``targets`` (``Targets``): the rep's targets with progress from own orders;
- ``documents`` (``Documents``): ``print(kind, id)`` through the print queue,
  ``pdf(kind, id)`` to send (fpdf2).

Payload shapes: ``kassa.sync.field_facts`` (shared with head office).
"""

from kassa.terminal.services.field.bundle import FieldSales, build_field_services, field_sales_for
from kassa.terminal.services.field.context import FieldContext

__all__ = ["FieldContext", "FieldSales", "build_field_services", "field_sales_for"]
