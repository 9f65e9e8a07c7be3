"""Shift arithmetic: what should be in the drawer, what is, and the difference.

Per tender method (cash, "visa", "voucher" ...) the expected amount is

    cash:   opening float + cash in - cash out + cash taken - cash refunded
    others: taken - refunded

where *taken* are the applied tenders of the shift's settlements (cash net of
change, cash rounding included) and *refunded* the tenders refunds paid back.
Cash is counted by denomination (``CashCount``); other tenders are "counted"
from the card terminal's batch report or the vouchers in the drawer. The
difference is ``counted - expected``: positive is over, negative is short.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from .currency import Currency, currency
from .denomination import denominations
from .money import Money
from .payment import Tender, TenderKind

Method = tuple[TenderKind, str]  # (kind, method code): what a shift balances by
CASH: Method = (TenderKind.CASH, "cash")


class MovementKind(Enum):
    CASH_IN = "cash_in"  # change brought in
    CASH_OUT = "cash_out"  # paid out, bank drop


@dataclass(frozen=True)
class CashMovement:
    kind: MovementKind
    amount: Money
    reason: str = ""

    def __post_init__(self) -> None:
        if self.amount.minor <= 0:
            raise ValueError(f"a {self.kind.value} must be positive, got {self.amount}")


@dataclass(frozen=True)
class CashCount:
    """Pieces per denomination; ``CashCount.of("EUR", {"50": 2, "0.20": 3})``."""

    currency: Currency
    pieces: Mapping[Money, int]

    @classmethod
    def of(cls, code: str | Currency, pieces: Mapping[str, int]) -> CashCount:
        cur = currency(code)
        return cls(cur, {Money.of(value, cur): n for value, n in pieces.items()})

    def __post_init__(self) -> None:
        known = set(denominations(self.currency))
        for value, n in self.pieces.items():
            if value not in known:
                raise ValueError(
                    f"{value} is not a {self.currency.code} note or coin; "
                    "count it under its own denomination"
                )
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise ValueError(f"count of {value} must be a whole number of pieces, got {n!r}")

    @property
    def total(self) -> Money:
        return Money.sum((value.times(n) for value, n in self.pieces.items()), self.currency)


@dataclass(frozen=True)
class TenderBalance:
    method: Method
    expected: Money
    counted: Money

    @property
    def difference(self) -> Money:
        """``counted - expected``: over when positive, short when negative."""
        return self.counted - self.expected


def expected_per_tender(
    *,
    opening_float: Money,
    movements: Sequence[CashMovement] = (),
    taken: Sequence[Tender] = (),
    refunded: Sequence[Tender] = (),
) -> dict[Method, Money]:
    """What each tender method should hold at the end of the shift; cash always listed."""
    expected: dict[Method, Money] = {CASH: opening_float}
    zero = Money.zero(opening_float.currency)
    for movement in movements:
        sign = 1 if movement.kind is MovementKind.CASH_IN else -1
        expected[CASH] = expected[CASH] + movement.amount.times(sign)
    for sign, tenders in ((1, taken), (-1, refunded)):
        for tender in tenders:
            key = CASH if tender.kind is TenderKind.CASH else (tender.kind, tender.method)
            expected[key] = expected.get(key, zero) + tender.amount.times(sign)
    return expected


def reconcile(
    *, expected: Mapping[Method, Money], counted: Mapping[Method, Money]
) -> tuple[TenderBalance, ...]:
    """Expected against counted per method; every method expected must be counted."""
    missing = [f"{kind.value} {name!r}" for kind, name in expected if (kind, name) not in counted]
    if missing:
        raise ValueError(
            f"no count for {', '.join(missing)}: count the drawer or enter the terminal's total"
        )
    methods = list(expected) + [m for m in counted if m not in expected]
    return tuple(
        TenderBalance(
            m, expected[m] if m in expected else Money.zero(counted[m].currency), counted[m]
        )
        for m in methods
    )
