"""Money: an integer count of a currency's minor units. Never a float.

``Money(1250, EUR)`` is 12.50 EUR; ``Money.of("12.50", "EUR")`` says the same
from a decimal amount (str, ``Decimal`` or ``int``; a float is refused, and so
is an amount with more decimals than the currency has). Arithmetic mixes only
one currency: adding or comparing EUR with USD raises ``CurrencyMismatch``.

Rounding: wherever a computed amount falls between two minor units (a price
times 0.750 kg, a percentage), it is rounded ``ROUND_HALF_UP`` — commercial
rounding, half a minor unit away from zero, so 0.125 -> 0.13 and
-0.125 -> -0.13 — unless the caller names another ``decimal`` rounding mode.

Splitting an amount (a document discount over lines, a bill over tenders) uses
``allocate``: the largest-remainder method, whose parts always add back to
exactly the amount split.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .currency import Currency, currency

Number = int | Decimal


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined or compared."""


class InvalidAmount(ValueError):
    """An amount that cannot be money: a float, not a number, too many decimals."""


def to_decimal(value: object, *, what: str = "amount") -> Decimal:
    """``value`` (str, ``int`` or ``Decimal``) as a finite ``Decimal``; floats are refused."""
    if isinstance(value, bool):
        raise InvalidAmount(f"{what} {value!r} is a truth value, not a number")
    if isinstance(value, float):
        raise InvalidAmount(f"{what} {value!r}: give it as a string or Decimal, never a float")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidAmount(
                f"{what} {value!r} is not a number; write it like 12.50 (a point, no grouping)"
            ) from None
    else:
        raise InvalidAmount(f"{what} {value!r}: expected a str, int or Decimal")
    if not result.is_finite():
        raise InvalidAmount(f"{what} {value!r} is not a finite number")
    return result


@dataclass(frozen=True, repr=False)
class Money:
    """``minor`` units of ``currency`` (a ``Currency`` or its ISO code)."""

    minor: int
    currency: Currency

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise InvalidAmount(f"minor units must be an int, got {self.minor!r}")
        object.__setattr__(self, "currency", currency(self.currency))

    # -- construction ---------------------------------------------------
    @classmethod
    def of(cls, amount: str | int | Decimal, code: str | Currency) -> Money:
        """Exactly ``amount`` major units; refuses floats and excess decimals."""
        cur = currency(code)
        value = to_decimal(amount)
        minor = value.scaleb(cur.exponent)
        if minor != minor.to_integral_value():
            raise InvalidAmount(
                f"amount {amount!r} has more decimals than {cur.code} allows "
                f"({cur.exponent}); round it first or use Money.rounded"
            )
        return cls(int(minor), cur)

    @classmethod
    def rounded(
        cls, amount: Number, code: str | Currency, *, rounding: str = ROUND_HALF_UP
    ) -> Money:
        """``amount`` major units rounded to the currency's minor unit (half up by default)."""
        cur = currency(code)
        minor = to_decimal(amount).scaleb(cur.exponent).to_integral_value(rounding=rounding)
        return cls(int(minor), cur)

    @classmethod
    def zero(cls, code: str | Currency) -> Money:
        return cls(0, currency(code))

    @classmethod
    def sum(cls, values: Iterable[Money], code: str | Currency) -> Money:
        """The sum of ``values`` (zero of ``code`` when empty); all must be in ``code``."""
        total = cls.zero(code)
        for value in values:
            total = total + value
        return total

    # -- reading --------------------------------------------------------
    @property
    def amount(self) -> Decimal:
        """The amount in major units, with exactly the currency's decimals."""
        return Decimal(self.minor).scaleb(-self.currency.exponent)

    def is_zero(self) -> bool:
        return self.minor == 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code}"

    def __repr__(self) -> str:
        return f"Money.of('{self.amount}', '{self.currency.code}')"

    # -- arithmetic -----------------------------------------------------
    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(
                f"cannot combine {self.currency.code} with {other.currency.code}; "
                "convert one of them first"
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.minor + self._same(other).minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.minor - self._same(other).minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.minor), self.currency)

    def times(self, factor: Number, *, rounding: str = ROUND_HALF_UP) -> Money:
        """This amount times ``factor`` (a quantity or rate), rounded to a minor unit."""
        exact = Decimal(self.minor) * to_decimal(factor, what="factor")
        return Money(int(exact.to_integral_value(rounding=rounding)), self.currency)

    def __mul__(self, factor: Number) -> Money:
        return self.times(factor)

    __rmul__ = __mul__

    def allocate(self, weights: Sequence[Number]) -> list[Money]:
        """Split into ``len(weights)`` parts proportional to ``weights``, summing exactly.

        Largest remainder: each part gets the floor of its exact share, and the
        minor units left over go one each to the parts with the largest
        fractional remainders (the earlier part wins a tie). Weights must be
        non-negative with a positive sum. A negative amount splits like its
        absolute value, negated.
        """
        parts = [to_decimal(w, what="weight") for w in weights]
        if not parts or any(w < 0 for w in parts) or sum(parts) <= 0:
            raise ValueError(f"weights must be non-negative with a positive sum, got {weights!r}")
        scale = max(0, *(-w.as_tuple().exponent for w in parts))  # exact integer weights
        ints = [int(w.scaleb(scale)) for w in parts]
        total_weight, whole = sum(ints), abs(self.minor)
        floors = [whole * w // total_weight for w in ints]
        remainders = [whole * w % total_weight for w in ints]
        order = sorted(range(len(ints)), key=lambda i: (-remainders[i], i))
        for i in order[: whole - sum(floors)]:
            floors[i] += 1
        sign = -1 if self.minor < 0 else 1
        return [Money(sign * f, self.currency) for f in floors]

    # -- comparison (one currency only) ---------------------------------
    def __lt__(self, other: Money) -> bool:
        return self.minor < self._same(other).minor

    def __le__(self, other: Money) -> bool:
        return self.minor <= self._same(other).minor

    def __gt__(self, other: Money) -> bool:
        return self.minor > self._same(other).minor

    def __ge__(self, other: Money) -> bool:
        return self.minor >= self._same(other).minor
