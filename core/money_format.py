"""Money as text, for screens and for paper.

Two forms, one rule each:

- ``format_amount(m)`` — the plain fixed form receipts, invoices and exports
  print: the currency's decimals, a point, a leading ``-`` for negatives, no
  grouping, no symbol: ``12.50``, ``-0.05``, ``1500`` (JPY), ``1.250`` (KWD).
- ``format_money(m)`` — the screen form: the amount with a thousands group
  separator, and the currency's symbol where ISO/CLDR usage puts it
  (before for $ £ ¥ …, after with a space for € kr zł …): ``12.50 €``,
  ``$1,234.50``, ``-$5.00``, ``¥1,500``. ``symbol=False`` writes the ISO code
  after the amount instead (``1,234.50 EUR``), which is never ambiguous.

Separators are keyword arguments (``decimal=","``, ``group="."`` gives the
German ``1.234,50 €``); a store's locale setting picks them, core does not.
"""

from __future__ import annotations

from .money import Money


def format_amount(m: Money, *, decimal: str = ".", group: str = "") -> str:
    """The amount with exactly the currency's decimals; no symbol, no code."""
    exponent = m.currency.exponent
    whole, fraction = divmod(abs(m.minor), 10**exponent)
    digits = f"{whole:,}".replace(",", group) if group else str(whole)
    if exponent:
        digits += decimal + str(fraction).rjust(exponent, "0")
    return ("-" if m.minor < 0 else "") + digits


def format_money(m: Money, *, symbol: bool = True, decimal: str = ".", group: str = ",") -> str:
    """The screen form: grouped amount with the symbol (or, ``symbol=False``, the code)."""
    if group == decimal:
        raise ValueError(f"group and decimal separators must differ, both are {group!r}")
    text = format_amount(abs(m), decimal=decimal, group=group)
    sign = "-" if m.minor < 0 else ""
    cur = m.currency
    if not symbol:
        return f"{sign}{text} {cur.code}"
    if cur.symbol_first:
        return f"{sign}{cur.symbol}{text}"
    return f"{sign}{text} {cur.symbol}"
