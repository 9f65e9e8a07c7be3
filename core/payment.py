"""Paying a receipt: several tenders, change only in cash, cash rounding.

``settle`` takes the document total and the tenders the customer offered:

- card and other (non-cash) tenders are charged exactly; together they may not
  exceed the total, because change is given only in cash;
- the rest is due in cash, rounded by the store's ``CashRounding`` (only cash
  is rounded); the cash offered must cover it, the excess is the change;
- without a cash tender the non-cash tenders must add up to the total exactly.

The result lists the tenders as *applied*: cash net of change (taken from the
last cash tender first), so the applied tenders sum to ``total + rounding``.
Those applied tenders are what a refund may give back (see ``refund``).
Amounts are positive; refunds are planned separately, never as negative tenders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from .cash_rounding import NO_CASH_ROUNDING, CashRounding
from .money import CurrencyMismatch, Money


class TenderKind(Enum):
    CASH = "cash"
    CARD = "card"
    OTHER = "other"  # voucher, bank transfer, on account ...


class PaymentError(ValueError):
    """Tenders that do not pay the document; the message says how much is missing or over."""


@dataclass(frozen=True)
class Tender:
    """One means of payment: ``kind``, ``amount`` (> 0), the store's ``method`` code."""

    kind: TenderKind
    amount: Money
    method: str = ""  # e.g. "visa", "voucher"; defaults to the kind's name
    reference: str = ""  # card terminal / authorisation reference

    def __post_init__(self) -> None:
        if self.amount.minor <= 0:
            raise PaymentError(f"a {self.kind.value} tender must be positive, got {self.amount}")
        if not self.method:
            object.__setattr__(self, "method", self.kind.value)

    @property
    def key(self) -> tuple[TenderKind, str, str]:
        """What a refund is capped by: the same kind, method and reference."""
        return (self.kind, self.method, self.reference)


@dataclass(frozen=True)
class Settlement:
    total: Money  # the document total
    rounding: Money  # cash rounding booked (+ or -)
    change: Money  # cash handed back
    tenders: tuple[Tender, ...]  # as applied: cash net of change

    @property
    def paid(self) -> Money:
        """What the customer paid in the end: ``total + rounding``."""
        return self.total + self.rounding


def settle(
    *, total: Money, tenders: Sequence[Tender], cash_rounding: CashRounding = NO_CASH_ROUNDING
) -> Settlement:
    """Apply ``tenders`` to ``total`` (see the module docstring); refuses what does not pay."""
    if total.minor < 0:
        raise PaymentError(f"total {total} is negative: plan a refund instead")
    for tender in tenders:
        if tender.amount.currency != total.currency:
            raise CurrencyMismatch(
                f"a {tender.amount.currency.code} tender cannot pay a {total.currency.code} total"
            )
    cur = total.currency
    cash = [t for t in tenders if t.kind is TenderKind.CASH]
    other = Money.sum((t.amount for t in tenders if t.kind is not TenderKind.CASH), cur)
    if other > total:
        raise PaymentError(
            f"card and other tenders ({other}) are more than the total {total}; "
            "lower them: change is given only in cash"
        )
    rest = total - other
    if not cash:
        if rest.minor:
            raise PaymentError(f"{rest} is still due; add a tender")
        return Settlement(total, Money.zero(cur), Money.zero(cur), tuple(tenders))
    due = cash_rounding.apply(rest)
    given = Money.sum((t.amount for t in cash), cur)
    if given < due:
        raise PaymentError(f"{due - given} is still due in cash (due {due}, given {given})")
    change = given - due
    applied, left = [], change
    for tender in reversed(tenders):
        if tender.kind is TenderKind.CASH and left.minor:
            keep = tender.amount - min(left, tender.amount)
            left = left - (tender.amount - keep)
            if keep.is_zero():
                continue
            tender = replace(tender, amount=keep)
        applied.append(tender)
    return Settlement(total, due - rest, change, tuple(reversed(applied)))
