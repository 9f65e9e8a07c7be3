"""Where a payment stands while the cashier adds tenders: what is still due, how.

The same rules as ``tenders.settle`` (``kassa.core.payment``), for the screen
before Pay: card and other tenders are charged exactly; the part left for cash
is rounded by the store's cash rounding (CHF 0.05: 5.03 left -> 5.05 in cash);
cash beyond that is change. ``PaymentTerms`` is what the sale desk hands the
payment screen once (total, rounding, which methods are cash); ``balance``
is pure arithmetic on it, cheap enough for every tap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kassa.core.cash_rounding import NO_CASH_ROUNDING, CashRounding
from kassa.core.money import Money
from kassa.terminal.services.events import Tender


@dataclass(frozen=True)
class Balance:
    total: Money  # the sale's total (exact)
    other: Money  # card and other tenders: charged exactly
    cash: Money  # cash offered
    cash_part: Money  # what cash pays of the total (exact): total - other
    cash_due: Money  # the cash part rounded: what the cash must cover
    left_by_card: Money  # still to pay if the rest goes on a card (exact); 0 when paid
    left_in_cash: Money  # still to pay if the rest is paid in cash (rounded); 0 when paid
    change: Money  # cash to hand back
    over: Money  # card and other tenders above the total (refused: change only in cash)

    @property
    def rounding(self) -> Money:
        """The cash rounding this payment books (0 without cash)."""
        return self.cash_due - self.cash_part if self.cash.minor else self.cash.times(0)

    @property
    def only_by_card(self) -> bool:
        """What is left rounds to nothing in cash (CHF: 0.02 -> 0.00), so no coin pays it;
        it goes on the card (``tenders.settle`` accepts no cash-less rounding)."""
        return not self.cash.minor and self.cash_due.is_zero() and bool(self.cash_part.minor)

    @property
    def complete(self) -> bool:
        if self.over.minor:
            return False
        if self.cash.minor:
            return self.cash >= self.cash_due
        return self.cash_part.is_zero()


@dataclass(frozen=True)
class PaymentTerms:
    total: Money
    rounding: CashRounding = NO_CASH_ROUNDING
    cash_methods: frozenset[str] = frozenset({"cash"})

    @property
    def cash_total(self) -> Money:
        """The whole total paid in cash, rounded."""
        return self.rounding.apply(self.total)

    def balance(self, tenders: Sequence[Tender]) -> Balance:
        cur = self.total.currency
        zero = Money.zero(cur)
        cash = Money.sum((t.amount for t in tenders if t.method in self.cash_methods), cur)
        other = Money.sum((t.amount for t in tenders if t.method not in self.cash_methods), cur)
        over = max(other - self.total, zero)
        part = max(self.total - other, zero)
        due = self.rounding.apply(part)
        return Balance(
            total=self.total,
            other=other,
            cash=cash,
            cash_part=part,
            cash_due=due,
            left_by_card=max(part - cash, zero),
            left_in_cash=max(due - cash, zero),
            change=max(cash - due, zero) if cash.minor else zero,
            over=over,
        )
