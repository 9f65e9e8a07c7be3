"""Discounts: per line and per document, and when a manager must approve one.

A ``Discount`` is either a percent (0-100) or an amount. On a base amount it is
``discount.on(base)``: a percent is rounded half up to the minor unit; an
amount larger than the base is refused (``DiscountTooLarge``), never silently
capped. On a negative base (a returned line) the discount is negative too.

A document discount is one amount taken off the document (a percent is first
turned into an amount on the document total). ``spread`` splits it over the
lines by the largest-remainder method, weighted by each line's amount, so the
parts add up to exactly the discount: no cent is created or lost. Lines with a
negative amount (returns in an exchange) get no share. Because lines carry
their tax rate, spreading over lines also spreads the discount over the rates.

Approval limits are data (``DiscountPolicy``: role -> ``DiscountLimit``), set
by head office; ``DiscountPolicy.check`` says whether a role may give a
discount without a manager. A role without a limit may give none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .money import Money, to_decimal


class DiscountTooLarge(ValueError):
    """A discount bigger than what it is taken from."""


@dataclass(frozen=True)
class Discount:
    """Exactly one of ``percent`` (``Decimal`` 0-100) or ``amount`` (``Money`` >= 0)."""

    percent: Decimal | None = None
    amount: Money | None = None

    def __post_init__(self) -> None:
        if (self.percent is None) == (self.amount is None):
            raise ValueError("a discount is either a percent or an amount, give exactly one")
        if self.percent is not None:
            pct = to_decimal(self.percent, what="discount percent")
            if not 0 <= pct <= 100:
                raise ValueError(f"discount percent {pct} must be from 0 to 100")
            object.__setattr__(self, "percent", pct)
        elif self.amount is not None and self.amount.minor < 0:
            raise ValueError(f"discount amount {self.amount} must not be negative")

    @classmethod
    def percent_off(cls, percent: str | int | Decimal) -> Discount:
        return cls(percent=to_decimal(percent, what="discount percent"))

    @classmethod
    def amount_off(cls, amount: Money) -> Discount:
        return cls(amount=amount)

    def on(self, base: Money) -> Money:
        """The discount taken from ``base``; same sign as ``base``, never more than it."""
        whole = abs(base)
        if self.percent is not None:
            off = Money.rounded(whole.amount * self.percent / 100, base.currency)
        else:
            off = self.amount if self.amount is not None else Money.zero(base.currency)
            if off > whole:
                raise DiscountTooLarge(
                    f"discount {off} is more than the {whole} it is taken from; "
                    "lower it or use a percent"
                )
        return -off if base.minor < 0 else off


def spread(discount: Money, amounts: Sequence[Money]) -> list[Money]:
    """``discount`` split over ``amounts`` in proportion (negative amounts get none)."""
    weights = [max(a.minor, 0) for a in amounts]
    room = Money(sum(weights), discount.currency)
    if discount.minor < 0:
        raise ValueError(f"a document discount must not be negative, got {discount}")
    if discount > room:
        raise DiscountTooLarge(
            f"document discount {discount} is more than the {room} it is taken from"
        )
    if discount.is_zero():
        return [Money.zero(discount.currency) for _ in amounts]
    return discount.allocate(weights)


@dataclass(frozen=True)
class DiscountLimit:
    """The most a role may give without approval: a percent, and optionally an amount."""

    max_percent: Decimal
    max_amount: Money | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_percent", to_decimal(self.max_percent, what="max_percent"))


@dataclass(frozen=True)
class ApprovalCheck:
    needed: bool
    reason: str = ""


@dataclass(frozen=True)
class DiscountPolicy:
    """Discount limits per role (e.g. "cashier", "rep"); head office master data."""

    limits: Mapping[str, DiscountLimit] = field(default_factory=dict)

    def check(self, *, role: str, discount: Money, base: Money) -> ApprovalCheck:
        """Whether ``role`` needs approval to take ``discount`` off ``base``."""
        off, whole = abs(discount), abs(base)
        if off.is_zero():
            return ApprovalCheck(False)
        limit = self.limits.get(role)
        if limit is None:
            return ApprovalCheck(True, f"role {role!r} may not give discounts without approval")
        # off / whole * 100 > max_percent, without dividing
        if whole.is_zero() or Decimal(off.minor) * 100 > limit.max_percent * whole.minor:
            return ApprovalCheck(
                True, f"discount {off} on {whole} is above {limit.max_percent}% for {role!r}"
            )
        if limit.max_amount is not None and off > limit.max_amount:
            return ApprovalCheck(True, f"discount {off} is above {limit.max_amount} for {role!r}")
        return ApprovalCheck(False)
