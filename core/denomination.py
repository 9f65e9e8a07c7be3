"""Notes and coins in circulation per currency, for counting the drawer.

Data, highest first, in major units as written on the note or coin. A store in
a currency not listed counts its cash as one total instead.
"""

from __future__ import annotations

from .currency import Currency, currency
from .money import Money

_TABLE: dict[str, tuple[str, ...]] = {
    "EUR": ("500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10",
            "0.05", "0.02", "0.01"),
    "USD": ("100", "50", "20", "10", "5", "2", "1", "0.50", "0.25", "0.10", "0.05", "0.01"),
    "GBP": ("50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05", "0.02", "0.01"),
    "CHF": ("1000", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10",
            "0.05"),
    "SEK": ("1000", "500", "200", "100", "50", "20", "10", "5", "2", "1"),
    "NOK": ("1000", "500", "200", "100", "50", "20", "10", "5", "1"),
    "DKK": ("1000", "500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50"),
    "PLN": ("500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10",
            "0.05", "0.02", "0.01"),
    "CZK": ("5000", "2000", "1000", "500", "200", "100", "50", "20", "10", "5", "2", "1"),
    "HUF": ("20000", "10000", "5000", "2000", "1000", "500", "200", "100", "50", "20", "10",
            "5"),
    "CAD": ("100", "50", "20", "10", "5", "2", "1", "0.25", "0.10", "0.05"),
    "AUD": ("100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05"),
    "JPY": ("10000", "5000", "2000", "1000", "500", "100", "50", "10", "5", "1"),
    "KWD": ("20", "10", "5", "1", "0.500", "0.250", "0.100", "0.050", "0.020", "0.010",
            "0.005"),
}  # fmt: skip


def denominations(code: str | Currency) -> tuple[Money, ...]:
    """The notes and coins of ``code``, highest first; ``()`` when Kassa has none listed."""
    cur = currency(code)
    return tuple(Money.of(value, cur) for value in _TABLE.get(cur.code, ()))
