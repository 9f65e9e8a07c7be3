"""Refunds: never more back, tender by tender, than was paid with it.

What a receipt's payment may give back is capped per tender *key* (kind,
method, reference — the same card payment, the same voucher, cash): what was
applied to the receipt (``Settlement.tenders``, cash net of change) less what
earlier refunds already gave back through that key.

``plan_refund`` proposes how to pay back an amount (a return's total, as a
positive amount): card and other tenders first, in the order they were paid,
each up to its cap, then cash, rounded by the store's cash rounding. If
rounding the cash part would pass the cash cap by less than one rounding step
(earlier partial refunds rounded up), the cash part is the cap. So a full
refund of a settled receipt returns exactly what was paid, tender by tender,
cash rounding included (a rest that rounded to nothing at the sale rounds to
nothing again). ``check_refund`` checks refund tenders a person chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .cash_rounding import NO_CASH_ROUNDING, CashRounding
from .money import Money
from .payment import Tender, TenderKind

Key = tuple[TenderKind, str, str]


class RefundExceedsPayment(ValueError):
    """A refund asks back more than a tender paid (and was not yet refunded)."""


@dataclass(frozen=True)
class RefundPlan:
    amount: Money  # the refund asked for
    rounding: Money  # cash rounding on the refund: paid back - asked
    tenders: tuple[Tender, ...]  # what goes back, per tender of the original payment

    @property
    def paid_back(self) -> Money:
        return self.amount + self.rounding


def _describe(key: Key) -> str:
    kind, method, reference = key
    return f"{kind.value} {method!r}" + (f" (ref {reference})" if reference else "")


def refundable(*, paid: Sequence[Tender], refunded: Sequence[Tender] = ()) -> dict[Key, Money]:
    """What each tender key may still give back, in the order first paid."""
    caps: dict[Key, Money] = {}
    for tender in paid:
        caps[tender.key] = caps.get(tender.key, Money.zero(tender.amount.currency)) + tender.amount
    for tender in refunded:
        if tender.key not in caps or tender.amount > caps[tender.key]:
            raise RefundExceedsPayment(
                f"earlier refunds through {_describe(tender.key)} exceed what it paid"
            )
        caps[tender.key] = caps[tender.key] - tender.amount
    return caps


def check_refund(
    *, requested: Sequence[Tender], paid: Sequence[Tender], refunded: Sequence[Tender] = ()
) -> None:
    """Refuse ``requested`` refund tenders that ask more of a tender than it may give back."""
    caps = refundable(paid=paid, refunded=refunded)
    asked: dict[Key, Money] = {}
    for tender in requested:
        asked[tender.key] = asked.get(tender.key, Money.zero(tender.amount.currency)) + (
            tender.amount
        )
    for key, amount in asked.items():
        if key not in caps:
            raise RefundExceedsPayment(
                f"nothing was paid with {_describe(key)}; refund through a tender that paid"
            )
        if amount > caps[key]:
            raise RefundExceedsPayment(
                f"refund of {amount} through {_describe(key)} is more than the "
                f"{caps[key]} it paid and was not yet refunded"
            )


def plan_refund(
    *,
    amount: Money,
    paid: Sequence[Tender],
    refunded: Sequence[Tender] = (),
    cash_rounding: CashRounding = NO_CASH_ROUNDING,
) -> RefundPlan:
    """How to give back ``amount`` (positive) through the tenders that paid."""
    if amount.minor <= 0:
        raise ValueError(f"a refund amount is positive, got {amount}")
    caps = refundable(paid=paid, refunded=refunded)
    first = {t.key: t for t in reversed(paid)}
    other = [k for k in caps if k[0] is not TenderKind.CASH]
    cash = [k for k in caps if k[0] is TenderKind.CASH]
    plan: list[Tender] = []
    left = amount
    for key in other:
        take = min(left, caps[key])
        if take.minor:
            plan.append(replace(first[key], amount=take))
            left = left - take
    cash_cap = Money.sum((caps[k] for k in cash), amount.currency)
    cash_part = cash_rounding.apply(left)
    if cash_part > cash_cap:
        step = cash_rounding.step.minor if cash_rounding.step else 1
        slack = step - 1 if cash_cap.minor > 0 else 0  # rounding alone explains the excess
        if left.minor - cash_cap.minor > slack:
            paid_total = Money.sum(caps.values(), amount.currency)
            raise RefundExceedsPayment(
                f"refund of {amount} is more than the {paid_total} paid and not yet refunded"
            )
        cash_part = cash_cap
    rest = cash_part
    for key in cash:
        take = min(rest, caps[key])
        if take.minor:
            plan.append(replace(first[key], amount=take))
            rest = rest - take
    return RefundPlan(amount, cash_part - left, tuple(plan))
