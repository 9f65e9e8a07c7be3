"""Putting items on the sale: scans (plain, pack and GS1 variable-measure codes)
and products picked from search or quick keys; quantities are checked here.

A plain code scanned again right after itself adds to the same line; a weight
label becomes a weighed line; a price label a line of one at the label's amount.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from kassa.core.ids import new_id
from kassa.core.money import Money
from kassa.core.tax import TaxRate
from kassa.terminal.services.cart import Cart, CartLine, CartView
from kassa.terminal.services.errors import InvalidInput, NotFound
from kassa.terminal.services.ports import CatalogItem, PriceBreaks, ScannedCode

if TYPE_CHECKING:
    from kassa.terminal.services.sale_context import SaleContext

MAX_QUANTITY = Decimal(9999)
MAX_BARCODE = 128  # longer than any retail or GS1 code: noise, or a misconfigured scanner
GS = "\x1d"  # the GS1 separator, the one control character a code may carry


class Scanning:
    ctx: SaleContext
    cart: Cart

    if TYPE_CHECKING:  # provided by SaleDesk

        def _seller(self): ...
        def view(self) -> CartView: ...
        def _changed(self, line_id: str, **changes) -> None: ...
        def _reprice(self, line_ids: list[str], *, prices: PriceBreaks | None = None) -> None: ...

    def scan(self, raw: str, *, quantity: Decimal | None = None) -> CartView:
        """A scanned or typed barcode: EAN/UPC, or GS1 variable measure (weight or
        price embedded). ``quantity`` multiplies a plain code (e.g. 3 x scan)."""
        self._seller()
        raw = _readable(raw)
        try:
            code: ScannedCode = self.ctx.decoder.decode(raw.strip())
        except ValueError as exc:
            raise InvalidInput(f"Barcode {raw.strip()!r} cannot be read: {exc}") from None
        customer = self.cart.customer
        hit = self.ctx.catalog.by_barcode(
            code.lookup, price_list_id=customer.price_list_id if customer else None
        )
        if hit is None:
            raise NotFound(f"No product has barcode {code.lookup}: search it by name instead")
        item = hit.item
        if code.weight is not None or code.price_minor is not None:
            return self._variable(item, code, raw.strip(), quantity, hit.prices)
        qty = self._quantity(quantity if quantity is not None else Decimal(1), item) * hit.quantity
        return self._add_item(item, qty, barcode=raw.strip(), prices=hit.prices)

    def add(self, product_id: uuid.UUID, *, quantity: Decimal = Decimal(1)) -> CartView:
        """A product picked from search or a quick key."""
        self._seller()
        item = self.ctx.catalog.by_id(product_id)
        if item is None:
            raise NotFound("That product is no longer sold: search it again")
        return self._add_item(item, self._quantity(quantity, item))

    def _quantity(self, quantity: Decimal, item: CatalogItem | CartLine) -> Decimal:
        try:
            qty = Decimal(quantity)
        except (InvalidOperation, TypeError):
            raise InvalidInput(f"Quantity {quantity!r} is not a number") from None
        if not qty.is_finite() or qty <= 0 or qty > MAX_QUANTITY:
            raise InvalidInput(f"Quantity must be more than 0 and at most {MAX_QUANTITY}")
        if not item.weighed and qty != qty.to_integral_value():
            raise InvalidInput(f"{item.name} is sold by the piece: enter a whole number")
        if qty.as_tuple().exponent < -3:  # type: ignore[operator]
            raise InvalidInput("Quantity has at most 3 decimals")
        return qty

    def _variable(
        self, item: CatalogItem, code: ScannedCode, raw: str, quantity, prices: PriceBreaks | None
    ) -> CartView:
        if quantity not in (None, Decimal(1)):
            raise InvalidInput("A labelled item carries its own quantity: scan each label")
        if code.weight is not None:
            if not item.weighed:
                raise InvalidInput(f"{item.name} is not sold by weight: check the label")
            qty = self._quantity(code.weight, item)
            return self._add_item(item, qty, barcode=raw, merge=False, prices=prices)
        price = Money(int(code.price_minor or 0), self.ctx.currency)
        measure = None
        if item.weighed and item.price.minor:
            measure = (Decimal(price.minor) / item.price.minor).quantize(Decimal("0.001"))
        line = self._make_line(item, Decimal(1), barcode=raw)
        self._append(replace(line, unit_price=price, measure=measure, unit="pc"))
        return self.view()

    def _append(self, line: CartLine) -> None:
        if self.cart.started_at is None:
            self.cart.started_at = self.ctx.clock.now()
        self.cart.lines.append(line)

    def _add_item(
        self,
        item,
        qty: Decimal,
        *,
        barcode: str = "",
        merge: bool = True,
        prices: PriceBreaks | None = None,
    ) -> CartView:
        """A new line, or more of the last one; priced from ``prices`` (read with the
        scan) when they fit, else asked from the catalog."""
        last = self.cart.lines[-1] if self.cart.lines else None
        mergeable = (
            merge
            and last is not None
            and last.product_id == item.product_id
            and not item.weighed
            and last.measure is None
            and last.discount is None
            and last.unit_price == last.catalog_price
        )
        if mergeable:
            self._changed(last.line_id, quantity=self._quantity(last.quantity + qty, item))
            self._reprice([last.line_id], prices=prices)
            return self.view()
        line = self._make_line(item, qty, barcode=barcode)
        self._append(line)
        self._reprice([line.line_id], prices=prices)
        return self.view()

    @staticmethod
    def _make_line(item: CatalogItem, qty: Decimal, *, barcode: str = "") -> CartLine:
        return CartLine(
            line_id=str(new_id()),
            product_id=item.product_id,
            sku=item.sku,
            name=item.name,
            unit=item.unit,
            quantity=qty,
            catalog_price=item.price,
            unit_price=item.price,
            tax=TaxRate(item.tax_code or f"{item.tax_rate}%", item.tax_rate),
            weighed=item.weighed,
            barcode=barcode,
        )


def _readable(raw: str) -> str:
    """The scan as given, or ``InvalidInput`` for what no barcode looks like."""
    code = raw.strip()
    if len(code) > MAX_BARCODE:
        raise InvalidInput(
            f"That scan is {len(code)} characters long, too long for a barcode: scan it "
            "again (if it repeats, check the scanner's settings)"
        )
    if any((ord(c) < 32 or ord(c) == 127) and c != GS for c in code):
        raise InvalidInput("The scan has characters no barcode has (scanner noise): scan it again")
    return raw
