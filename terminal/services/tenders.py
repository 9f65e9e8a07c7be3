"""Settling a sale with one or more tenders: change, split payments, cash rounding.

Rules (a refusal names what to change):

- non-cash tenders (card, voucher ...) never exceed what is still due, and give no
  change; each card tender needs its reference (slip or terminal reference);
- when cash is among the tenders, what cash must cover (the total minus the
  non-cash tenders) is rounded to the currency's cash step (e.g. 5 for CHF
  0.05), and the rounding is recorded; cash beyond that is change;
- without cash the non-cash tenders must cover the total exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kassa.core.money import Money
from kassa.terminal.services.errors import PaymentError
from kassa.terminal.services.events import Tender
from kassa.terminal.services.ports import PaymentMethodRecord

DEFAULT_METHODS = (
    PaymentMethodRecord("cash", "Cash", "cash", opens_drawer=True),
    PaymentMethodRecord("card", "Card", "card"),
)


@dataclass(frozen=True)
class Settlement:
    total: Money
    rounding: Money
    due: Money  # total + rounding
    tenders: tuple[Tender, ...]  # as given
    applied: tuple[tuple[Tender, PaymentMethodRecord, Money], ...]  # amount kept per tender
    change: Money
    opens_drawer: bool


def round_cash(amount: Money, step: int) -> Money:
    """``amount`` to the nearest multiple of ``step`` minor units, halves away from zero."""
    if step <= 1:
        return amount
    sign = -1 if amount.minor < 0 else 1
    whole, rest = divmod(abs(amount.minor), step)
    return Money(sign * (whole + (1 if rest * 2 >= step else 0)) * step, amount.currency)


def settle(
    total: Money,
    tenders: Sequence[Tender],
    *,
    methods: Mapping[str, PaymentMethodRecord],
    cash_step: int = 1,
) -> Settlement:
    if not tenders:
        raise PaymentError("Choose how the customer pays: add a cash or card payment")
    zero = Money.zero(total.currency)
    kinds = []
    for tender in tenders:
        method = methods.get(tender.method)
        if method is None:
            known = ", ".join(sorted(methods))
            raise PaymentError(f"Unknown payment method {tender.method!r}: use one of {known}")
        if tender.amount.currency != total.currency:
            raise PaymentError(f"{method.name}: pay in {total.currency.code}")
        if tender.amount.minor <= 0:
            raise PaymentError(f"{method.name}: the amount must be more than zero")
        if method.kind == "card" and not tender.reference.strip():
            raise PaymentError(f"{method.name}: enter the card slip reference")
        kinds.append(method)
    other = Money.sum(
        (t.amount for t, m in zip(tenders, kinds, strict=True) if m.kind != "cash"), total.currency
    )
    cash = Money.sum(
        (t.amount for t, m in zip(tenders, kinds, strict=True) if m.kind == "cash"), total.currency
    )
    if other > total:
        raise PaymentError(
            f"Card and other payments ({other}) are more than the total {total}: lower them"
        )
    rounding = zero
    if cash.minor:
        cash_due = round_cash(total - other, cash_step)
        rounding = cash_due - (total - other)
        if cash < cash_due:
            raise PaymentError(f"{cash_due - cash} still due: take more cash or add a card payment")
        change = cash - cash_due
    else:
        if other < total:
            raise PaymentError(f"{total - other} still due: add a payment")
        change = zero
    applied, left = [], change
    for tender, method in zip(tenders, kinds, strict=True):
        kept = tender.amount
        if method.kind == "cash" and left.minor:
            back = min(left, tender.amount)
            kept, left = tender.amount - back, left - back
        applied.append((tender, method, kept))
    return Settlement(
        total=total,
        rounding=rounding,
        due=total + rounding,
        tenders=tuple(tenders),
        applied=tuple(applied),
        change=change,
        opens_drawer=any(m.opens_drawer for m in kinds),
    )


def tenders_payload(settlement: Settlement) -> list[dict[str, object]]:
    return [
        {
            "method": tender.method,
            "kind": method.kind,
            "amount": kept.minor,
            "given": tender.amount.minor,
            "reference": tender.reference,
        }
        for tender, method, kept in settlement.applied
    ]
