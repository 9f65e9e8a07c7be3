"""Cash rounding: rounding what is paid in cash to the smallest coin in use.

Where small coins are gone (Switzerland 0.05 CHF; the Netherlands, Belgium,
Finland, Ireland 0.05 EUR; Canada 0.05 CAD; New Zealand 0.10 NZD; Denmark
0.50 DKK; Sweden and Norway 1 krona) a store sets ``CashRounding(step)``.
Only the part paid in cash is rounded — card and other tenders pay the exact
amount — to the nearest multiple of ``step``, halves away from zero
(CHF: 9.97 -> 9.95, 9.98 -> 10.00; with a 0.10 step 1.25 -> 1.30).
The difference is booked as a rounding amount, never hidden in a line.

``CashRounding(None)`` (the default) rounds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .money import Money


@dataclass(frozen=True)
class CashRounding:
    """A store's cash rounding step, or ``None`` for no rounding."""

    step: Money | None = None

    def __post_init__(self) -> None:
        if self.step is not None and self.step.minor <= 0:
            raise ValueError(f"cash rounding step must be positive, got {self.step}")

    def apply(self, amount: Money) -> Money:
        """``amount`` rounded to the nearest multiple of the step (halves away from zero)."""
        if self.step is None:
            return amount
        if self.step.currency != amount.currency:
            raise ValueError(
                f"cash rounding step is in {self.step.currency.code}, "
                f"the amount in {amount.currency.code}"
            )
        steps = (Decimal(amount.minor) / self.step.minor).to_integral_value(rounding=ROUND_HALF_UP)
        return Money(int(steps) * self.step.minor, amount.currency)

    def difference(self, amount: Money) -> Money:
        """What rounding adds to ``amount`` (negative when it rounds down)."""
        return self.apply(amount) - amount


NO_CASH_ROUNDING = CashRounding()
