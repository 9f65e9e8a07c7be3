"""Currencies by ISO 4217 code, with their minor-unit exponent.

Money is counted in a currency's minor units (cents, rappen, öre ...). How many
minor units make a major one is the ISO 4217 exponent: EUR 2 (1 EUR = 100
cents), JPY 0 (no minor unit), KWD 3 (1 dinar = 1000 fils). ``currency("EUR")``
looks a code up in the table below; an unknown code raises ``UnknownCurrency``
naming the code, so a typo in a price list never silently becomes a currency.

``symbol`` and ``symbol_first`` are for screens only (see ``money_format``);
receipts and the wire use the plain amount and the code.
"""

from __future__ import annotations

from dataclasses import dataclass


class UnknownCurrency(ValueError):
    """A currency code that is not in the ISO 4217 table Kassa knows."""


@dataclass(frozen=True)
class Currency:
    """One ISO 4217 currency: ``code`` (3 letters), ``exponent`` (minor-unit digits)."""

    code: str
    exponent: int
    symbol: str
    symbol_first: bool = False

    @property
    def minor_per_major(self) -> int:
        """Minor units in one major unit: 100 for EUR, 1 for JPY, 1000 for KWD."""
        return 10**self.exponent

    def __str__(self) -> str:
        return self.code


# code: (exponent, symbol, symbol written before the amount on screens)
_TABLE: dict[str, tuple[int, str, bool]] = {
    "EUR": (2, "€", False),
    "USD": (2, "$", True),
    "GBP": (2, "£", True),
    "CHF": (2, "CHF", False),
    "SEK": (2, "kr", False),
    "NOK": (2, "kr", False),
    "DKK": (2, "kr.", False),
    "ISK": (0, "kr", False),
    "PLN": (2, "zł", False),
    "CZK": (2, "Kč", False),
    "HUF": (2, "Ft", False),
    "RON": (2, "lei", False),
    "BGN": (2, "лв", False),
    "RSD": (2, "RSD", False),
    "BAM": (2, "KM", False),
    "MKD": (2, "ден", False),
    "ALL": (2, "L", False),
    "TRY": (2, "₺", True),
    "UAH": (2, "₴", False),
    "CAD": (2, "CA$", True),
    "AUD": (2, "A$", True),
    "NZD": (2, "NZ$", True),
    "MXN": (2, "MX$", True),
    "BRL": (2, "R$", True),
    "CLP": (0, "CLP$", True),
    "JPY": (0, "¥", True),
    "KRW": (0, "₩", True),
    "VND": (0, "₫", False),
    "CNY": (2, "CN¥", True),
    "HKD": (2, "HK$", True),
    "SGD": (2, "S$", True),
    "INR": (2, "₹", True),
    "ZAR": (2, "R", True),
    "ILS": (2, "₪", True),
    "AED": (2, "AED", False),
    "SAR": (2, "SAR", False),
    "KWD": (3, "KD", False),
    "BHD": (3, "BD", False),
    "OMR": (3, "OMR", False),
    "JOD": (3, "JD", False),
    "TND": (3, "DT", False),
    "LYD": (3, "LD", False),
    "IQD": (3, "IQD", False),
}

CURRENCIES: dict[str, Currency] = {
    code: Currency(code, exponent, symbol, first)
    for code, (exponent, symbol, first) in _TABLE.items()
}


def currency(code: str | Currency) -> Currency:
    """The ``Currency`` for an ISO 4217 code (case and surrounding blanks ignored).

    A ``Currency`` passes through unchanged, so callers may accept either.
    """
    if isinstance(code, Currency):
        return code
    if not isinstance(code, str):
        raise UnknownCurrency(f"a currency is a 3-letter ISO 4217 code, got {code!r}")
    found = CURRENCIES.get(code.strip().upper())
    if found is None:
        raise UnknownCurrency(
            f"unknown currency code {code!r}: use an ISO 4217 code such as EUR, USD or JPY "
            f"(known: {', '.join(sorted(CURRENCIES))})"
        )
    return found
