"""Column types the replicated tables share.

``DecimalText`` keeps a ``Decimal`` exact on every database: SQLite has no
decimal type (``Numeric`` would round-trip through a float there), so the value
is stored as its canonical text and read back as a ``Decimal``. Used for tax
rates, quantities and percentages; money itself is integer minor units.
Datetimes use SQLModel's own ``UTCDateTime`` (aware in, UTC out).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import types


class DecimalText(types.TypeDecorator[Decimal]):
    """An exact ``Decimal`` stored as text (``"20"``, ``"0.5"``, ``"7.7"``)."""

    impl = types.String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("DecimalText refuses floats; pass a Decimal or a string")
        number = Decimal(value) if not isinstance(value, Decimal) else value
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        text = format(number.normalize(), "f")
        return text

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)

    def __repr__(self) -> str:
        return "DecimalText()"
