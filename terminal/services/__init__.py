"""The cashier's use cases, plain Python (no Kivy, no SQL, no sockets here).

What a screen calls (all built once by ``kassa.terminal.bootstrap.build_pos``):

- ``auth.Auth``: PIN login with roles, lockout after wrong tries, lock screen,
  switching cashier, manager approval (``Auth.approve``).
- ``sale.SaleDesk``: the open sale: scan, search, quick keys, quantity, price
  override, discounts, void line, customer, park/recall, cancel, checkout.
- ``returns.ReturnDesk``: a return against a receipt found by number or barcode.
- ``shift.ShiftDesk``: open with a float, cash in/out, X report, resumable close
  with a count by denomination, Z report.
- ``reprint.Reprints``: reprint any receipt or report.
- ``pos.Pos``: the bundle of all of the above plus read-only status (sync, printer).

Results and events are frozen dataclasses in ``events`` (``SaleCompleted`` ...);
every refusal is a ``errors.ServiceError`` subclass whose ``str()`` is a message
for the cashier (``errors.NotSaved`` when the device could not store it: storage
full, database busy; nothing was recorded and the sale stays to try again).
What the services need from the rest of Kassa is in ``ports``.
"""
