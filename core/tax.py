"""Sales tax (VAT/GST): rates, price modes, rounding policy, per-rate breakdown.

Price modes (``PriceMode``):

- ``GROSS`` — prices include tax (B2C shelf prices). A line's gross amount is
  what the customer pays; its tax is ``gross * p / (100 + p)``, its net the rest.
- ``NET`` — prices exclude tax (B2B). A line's net amount is the price; its tax
  is ``net * p / 100``, its gross ``net + tax``.

Rounding policy (``TaxRounding``, a per-store setting):

- ``PER_LINE`` — each line's tax is rounded to the minor unit (half up); a
  rate's tax is the sum of its lines' taxes.
- ``PER_DOCUMENT`` — a rate's tax is computed once on the sum of its lines and
  rounded once; that tax is then apportioned back to the lines (largest
  remainder), so line taxes still add up to the rate's tax exactly.

Either way the breakdown rows (rate, net, tax, gross) are sums of the lines, so
lines sum to the totals and the breakdown sums to the tax, by construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import Enum

from .money import Money, to_decimal


class PriceMode(Enum):
    GROSS = "gross"  # prices include tax
    NET = "net"  # prices exclude tax


class TaxRounding(Enum):
    PER_LINE = "per_line"
    PER_DOCUMENT = "per_document"


@dataclass(frozen=True)
class TaxRate:
    """A tax rate: ``code`` as head office names it ("A", "reduced") and ``percent``."""

    code: str
    percent: Decimal

    def __post_init__(self) -> None:
        percent = to_decimal(self.percent, what=f"tax rate {self.code!r} percent")
        if not 0 <= percent < 1000:
            raise ValueError(f"tax rate {self.code!r}: percent {percent} must be from 0 up to 999")
        if not self.code:
            raise ValueError("a tax rate needs a code")
        object.__setattr__(self, "percent", percent)

    def exact_tax(self, minor: int, mode: PriceMode) -> Decimal:
        """The unrounded tax in minor units on ``minor`` net (NET) or gross (GROSS) units."""
        if mode is PriceMode.NET:
            return Decimal(minor) * self.percent / 100
        return Decimal(minor) * self.percent / (100 + self.percent)


@dataclass(frozen=True)
class TaxedAmount:
    """One line's amounts after tax: ``net + tax == gross``."""

    net: Money
    tax: Money
    gross: Money


@dataclass(frozen=True)
class TaxRow:
    """One row of the per-rate breakdown that receipts and invoices print."""

    rate: TaxRate
    net: Money
    tax: Money
    gross: Money


def _round(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def _apportion(total: int, exact: Sequence[Decimal]) -> list[int]:
    """Integers near ``exact`` that sum to ``total`` (largest remainder, earlier wins ties)."""
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: total - sum(floors)]:
        floors[i] += 1
    return floors


def apply_tax(
    amounts: Sequence[tuple[Money, TaxRate]], *, mode: PriceMode, rounding: TaxRounding
) -> list[TaxedAmount]:
    """Net, tax and gross for each ``(amount, rate)``; ``amount`` is gross or net per ``mode``."""
    taxes = [0] * len(amounts)
    if rounding is TaxRounding.PER_LINE:
        taxes = [_round(rate.exact_tax(m.minor, mode)) for m, rate in amounts]
    else:
        groups: dict[TaxRate, list[int]] = {}
        for i, (_, rate) in enumerate(amounts):
            groups.setdefault(rate, []).append(i)
        for rate, idx in groups.items():
            exact = [rate.exact_tax(amounts[i][0].minor, mode) for i in idx]
            for i, tax in zip(idx, _apportion(_round(sum(exact, Decimal(0))), exact), strict=True):
                taxes[i] = tax
    result = []
    for (amount, _), tax_minor in zip(amounts, taxes, strict=True):
        tax = Money(tax_minor, amount.currency)
        if mode is PriceMode.NET:
            result.append(TaxedAmount(net=amount, tax=tax, gross=amount + tax))
        else:
            result.append(TaxedAmount(net=amount - tax, tax=tax, gross=amount))
    return result


def breakdown(rows: Iterable[tuple[TaxRate, TaxedAmount]], code: str) -> tuple[TaxRow, ...]:
    """Sum taxed amounts per rate; highest percent first, then by code."""
    sums: dict[TaxRate, tuple[Money, Money, Money]] = {}
    zero = Money.zero(code)
    for rate, a in rows:
        net, tax, gross = sums.get(rate, (zero, zero, zero))
        sums[rate] = (net + a.net, tax + a.tax, gross + a.gross)
    ordered = sorted(sums, key=lambda r: (-r.percent, r.code))
    return tuple(TaxRow(rate, *sums[rate]) for rate in ordered)


def merge_breakdowns(tables: Iterable[Iterable[TaxRow]], code: str) -> tuple[TaxRow, ...]:
    """One breakdown from many (a shift's receipts for the Z report)."""
    return breakdown(
        ((row.rate, TaxedAmount(row.net, row.tax, row.gross)) for t in tables for row in t), code
    )
