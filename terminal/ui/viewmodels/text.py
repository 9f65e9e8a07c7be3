"""Turning service values into screen text: money, quantities, typed amounts."""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation

from kassa.core.money import Money
from kassa.core.money_format import format_money
from kassa.terminal.services.errors import InvalidInput

_ZONE: list[tzinfo | None] = [None]  # the store's time zone; None: this machine's


def use_zone(zone: tzinfo | None) -> None:
    """Show times in ``zone`` (the store's, from its synced row) from now on."""
    _ZONE[0] = zone


def local(moment: datetime) -> datetime:
    """A stored (UTC) moment in the store's local time, for the screen."""
    return moment.astimezone(_ZONE[0])


def money(value: Money) -> str:
    return format_money(value)


def plural(count: int, noun: str) -> str:
    """``1 line``, ``3 lines``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def quantity(value: Decimal) -> str:
    """``3``, ``0.75``: no trailing zeros, no exponent."""
    text = format(value.normalize(), "f")
    return text


def typed_decimal(text: str, *, what: str) -> Decimal:
    """A number typed on the keypad; a clear refusal when there is none."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInput(f"Type the {what} on the keypad first") from None
    if not value.is_finite():
        raise InvalidInput(f"Type the {what} on the keypad first")
    return value


def typed_money(text: str, currency: str, *, what: str) -> Money:
    value = typed_decimal(text, what=what)
    try:
        return Money.of(value, currency)
    except ValueError:
        raise InvalidInput(f"The {what} {text} has too many decimals for {currency}") from None
