"""The open sale at the terminal: what the selling screen calls.

One ``SaleDesk`` per terminal holds the current cart. Each method returns a fresh
``CartView``; a refusal raises a ``ServiceError`` and leaves the cart unchanged.
Above the operator's limits a method raises ``ApprovalNeeded``; call it again with
``approval=auth.approve(pin=manager_pin, action=error.request.action)``.
Scanning and adding items are in ``sale_scan``; parking, cancelling and paying in
``sale_close`` (both mixed into ``SaleDesk``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from kassa.core.discount import Discount, DiscountTooLarge
from kassa.core.money import Money
from kassa.terminal.services import approvals
from kassa.terminal.services.cart import Cart, CartLine, CartView
from kassa.terminal.services.errors import InvalidInput, NotAllowed, NotFound
from kassa.terminal.services.ports import CatalogItem, GroupRecord, PriceBreaks
from kassa.terminal.services.roles import Approval
from kassa.terminal.services.sale_close import SaleClosing
from kassa.terminal.services.sale_context import SaleContext
from kassa.terminal.services.sale_scan import Scanning


class SaleDesk(Scanning, SaleClosing):
    def __init__(self, ctx: SaleContext) -> None:
        self.ctx = ctx
        self.cart = self._new_cart()

    # -- finding products --------------------------------------------------
    def search(self, text: str, *, limit: int = 50) -> Sequence[CatalogItem]:
        """Products by name or SKU (accents folded, substring)."""
        text = text.strip()
        return self.ctx.catalog.search(text, limit=limit) if text else ()

    def groups(self) -> Sequence[GroupRecord]:
        """Product groups for the quick-key tabs."""
        return self.ctx.catalog.groups()

    def quick_keys(self, group_id: uuid.UUID) -> Sequence[CatalogItem]:
        return self.ctx.catalog.in_group(group_id)

    # -- editing the cart ---------------------------------------------------
    def view(self) -> CartView:
        return self.cart.view()

    def set_quantity(self, line_id: str, quantity: Decimal) -> CartView:
        self._seller()
        line = self._line(line_id)
        if line.measure is not None:
            raise InvalidInput(
                "The quantity of a labelled item comes from its label: scan it again"
            )
        qty = self._quantity(quantity, line)
        self._changed(line_id, quantity=qty)
        self._reprice([line_id])
        return self.view()

    def override_price(
        self, line_id: str, unit_price: Money, *, approval: Approval | None = None
    ) -> CartView:
        operator = self._seller()
        line = self._line(line_id)
        if unit_price.currency != line.catalog_price.currency or unit_price.minor < 0:
            raise InvalidInput(f"Enter a price in {line.catalog_price.currency.code}, 0 or more")
        limit = operator.limits.max_override_percent
        below = line.catalog_price - unit_price
        allowed = below.minor <= 0 or below.minor * 100 <= limit * line.catalog_price.minor
        _, record = approvals.require(
            self.ctx.auth,
            allowed=allowed,
            action="price_override",
            reason=f"{line.name}: {unit_price} is more than {limit}% below {line.catalog_price}",
            approval=approval,
        )
        self._changed(line_id, unit_price=unit_price, approvals=_plus(line.approvals, record))
        return self.view()

    def discount_line(
        self,
        line_id: str,
        *,
        percent: Decimal | None = None,
        amount: Money | None = None,
        approval: Approval | None = None,
    ) -> CartView:
        """Percent of the line, or a fixed amount off; 0 removes the discount."""
        line = self._line(line_id)
        discount = self._discount(percent, amount)
        base = line.unit_price.times(line.quantity)
        record = self._check_discount(discount, base, line.name, approval)
        self._changed(line_id, discount=discount, approvals=_plus(line.approvals, record))
        return self.view()

    def discount_sale(self, *, percent: Decimal, approval: Approval | None = None) -> CartView:
        if not self.cart.lines:
            raise InvalidInput("The sale is empty: add items before a discount")
        discount = self._discount(percent, None)
        base = self.cart.totals(sale_discount=None).gross
        record = self._check_discount(discount, base, "the sale", approval)
        self.cart.sale_discount = discount
        if record:
            self.cart.approvals.append(record)
        return self.view()

    def void_line(self, line_id: str, *, approval: Approval | None = None) -> CartView:
        operator = self._seller()
        line = self._line(line_id)
        value = line.unit_price.times(line.quantity)
        limit = operator.limits.max_void_amount
        within = limit is None or value.amount <= limit
        _, record = approvals.require(
            self.ctx.auth,
            allowed=operator.limits.can_void_line and within,
            action="void_line",
            reason=f"Removing {line.name} ({value}) needs a manager"
            + ("" if within else f": above the {limit} you may void alone"),
            approval=approval,
        )
        self.cart.lines.remove(line)
        voided = {
            "action": "void_line",
            "line_id": line_id,
            "sku": line.sku,
            "qty": str(line.quantity),
        }
        self.cart.approvals.append({**voided, **(record or {})})
        if not self.cart.lines:
            self.cart.sale_discount = None
        return self.view()

    def set_customer(self, customer_id: uuid.UUID | None) -> CartView:
        """Put a customer on the sale (None removes it)."""
        self._seller()
        customer = None
        if customer_id is not None:
            customer = self.ctx.customers.by_id(customer_id)
            if customer is None:
                raise NotFound("That customer is not on this terminal: search again or sync")
        self.cart.customer = customer
        self._reprice([line.line_id for line in self.cart.lines])
        return self.view()

    # -- internals ------------------------------------------------------------
    def _reprice(self, line_ids: list[str], *, prices: PriceBreaks | None = None) -> None:
        """Catalog prices follow the quantity (breaks) and the customer's price list;
        an overridden price or a label's amount stays as it is. ``prices`` read with a
        scan answer for their product and list without asking the catalog again."""
        customer = self.cart.customer
        list_id = customer.price_list_id if customer else None
        for line_id in line_ids:
            line = self.cart.line(line_id)
            if line.measure is not None or line.unit_price != line.catalog_price:
                continue
            if (
                prices is not None
                and prices.product_id == line.product_id
                and prices.price_list_id == list_id
            ):
                price = prices.at(line.quantity)
            else:
                price = self.ctx.catalog.price(
                    line.product_id, quantity=line.quantity, price_list_id=list_id
                )
            if price is not None and price != line.catalog_price:
                self._changed(line_id, catalog_price=price, unit_price=price)

    def _seller(self):
        operator = self.ctx.auth.require()
        if not operator.limits.can_sell:
            raise NotAllowed(f"{operator.name} ({operator.role}) may not sell on this terminal")
        return operator

    def _new_cart(self) -> Cart:
        return Cart(currency=self.ctx.currency, rounding=self.ctx.tax_rounding)

    def _line(self, line_id: str) -> CartLine:
        try:
            return self.cart.line(line_id)
        except KeyError:
            raise NotFound("That line is no longer in the sale") from None

    def _changed(self, line_id: str, **changes) -> None:
        """Apply a change only if the totals still compute (else nothing changes)."""
        before = list(self.cart.lines)
        self.cart.replace_line(line_id, **changes)
        try:
            self.cart.totals()
        except (ValueError, DiscountTooLarge) as exc:
            self.cart.lines = before
            raise InvalidInput(str(exc)) from None

    def _discount(self, percent: Decimal | None, amount: Money | None) -> Discount | None:
        self._seller()
        if (percent is None) == (amount is None):
            raise InvalidInput("Give a discount as a percent or as an amount")
        if amount is not None and amount.currency.code != self.ctx.currency:
            raise InvalidInput(f"Give the discount in {self.ctx.currency}")
        if percent is not None:
            exponent = Decimal(percent).as_tuple().exponent
            if not isinstance(exponent, int) or exponent < -2:  # NaN, infinity, 12.345
                raise InvalidInput("A discount percent is a number with at most 2 decimals")
        if (percent is not None and Decimal(percent) == 0) or (
            amount is not None and amount.is_zero()
        ):
            return None
        try:
            return Discount(percent=percent) if percent is not None else Discount(amount=amount)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None

    def _check_discount(self, discount, base: Money, what: str, approval) -> dict | None:
        operator = self.ctx.auth.require()
        if discount is None:
            return None
        try:
            off = discount.on(base)
        except DiscountTooLarge as exc:
            raise InvalidInput(str(exc)) from None
        limit = operator.limits.max_discount_percent
        if discount.percent is not None:  # a percent is judged as given, not as rounded
            allowed = discount.percent <= limit
        else:
            allowed = base.minor > 0 and off.minor * 100 <= limit * base.minor
        _, record = approvals.require(
            self.ctx.auth,
            allowed=allowed,
            action="discount",
            reason=f"{off} off {what} is more than the {limit}% you may give",
            approval=approval,
        )
        return record


def _plus(records: tuple[dict[str, str], ...], record: dict[str, str] | None):
    return records if record is None else (*records, record)
