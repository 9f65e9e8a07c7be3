"""Turning one CSV cell into a field value: references by code, flags, money, lists."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from kassa.core.currency import UnknownCurrency
from kassa.core.ids import new_id
from kassa.core.money import InvalidAmount, Money
from kassa.server.csvio.formats import Col
from kassa.server.kinds import KINDS
from kassa.sync.models import PriceList

_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n"}
_AMOUNT = re.compile(r"-?\d+(\.\d+)?")  # 12.50: a point, no grouping, no exponent
_RATE = re.compile(r"\d{1,3}(\.\d{1,4})?")  # percent: 20, 7.7, 5.5
_QUANTITY = re.compile(r"\d{1,9}(\.\d{1,3})?")  # 6, 0.5, 1.250


def cell_value(col: Col, cell: str, row: dict[str, str], lookups: Lookups) -> Any:
    if col.ref:
        kind, key = col.ref.split(".")
        return lookups.resolve(kind, key, cell)
    if col.kind == "bool":
        if cell.lower() in _TRUE | _FALSE:
            return cell.lower() in _TRUE
        raise ValueError(f"{cell!r} is not true or false (write true/false, yes/no or 1/0)")
    if col.kind == "list":
        return [part.strip() for part in cell.split(";") if part.strip()]
    if col.kind == "pin":
        if not (cell.isdigit() and 4 <= len(cell) <= 8):
            raise ValueError("a PIN is 4 to 8 digits")
        return cell
    if col.kind == "rate":
        if not _RATE.fullmatch(cell):
            raise ValueError(
                f"{cell!r} is not a tax rate; write the percent like 20, 7.7 or 5.5 "
                "(a point, at most 4 decimals, no % sign)"
            )
        return cell
    if col.kind == "quantity":
        if not _QUANTITY.fullmatch(cell) or Decimal(cell) <= 0:
            raise ValueError(
                f"{cell!r} is not a quantity above zero; write it like 6 or 0.5 "
                "(a point, at most 3 decimals)"
            )
        return cell
    if col.kind == "money":
        if not _AMOUNT.fullmatch(cell):
            raise ValueError(
                f"amount {cell!r} is not a number; write it like 12.50 "
                "(a point, no grouping, no exponent)"
            )
        if cell.startswith("-"):
            raise ValueError(f"amount {cell!r} is negative; prices and amounts are 0 or more")
        code = (row.get(col.currency_from) or "").strip()
        if not code and col.currency_from == "currency":
            code = lookups.currency_for_list_code((row.get("price_list") or "").strip())
        if not code:
            raise ValueError(f"an amount needs its currency in column {col.currency_from}")
        try:
            return Money.of(cell, code).minor
        except (InvalidAmount, UnknownCurrency) as exc:
            raise ValueError(str(exc)) from None
    return cell


class Lookups:
    """Codes to ids, loaded once per referenced kind (live rows only)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.maps: dict[tuple[str, str], dict[str, uuid.UUID]] = {}

    def _map(self, kind: str, key: str) -> dict[str, uuid.UUID]:
        if (kind, key) not in self.maps:
            model = KINDS[kind].model
            rows = self.session.exec(
                select(getattr(model, key), model.id).where(model.deleted.is_(False))
            )
            self.maps[(kind, key)] = {str(code): row_id for code, row_id in rows}
        return self.maps[(kind, key)]

    def planned(self, kind: str, key: str | None, code: str) -> uuid.UUID:
        if not key or not code:
            return new_id()
        return self._map(kind, key).setdefault(code, new_id())

    def resolve(self, kind: str, key: str, code: str) -> uuid.UUID:
        found = self._map(kind, key).get(code)
        if found is None:
            label = KINDS[kind].label
            raise ValueError(
                f"no {label} with {key} {code!r}; import the {kind} first or fix the code"
            )
        return found

    def currency_of(self, price_list_id: uuid.UUID) -> str | None:
        price_list = self.session.get(PriceList, price_list_id)
        return price_list.currency if price_list else None

    def currency_for_list_code(self, code: str) -> str:
        price_list = self.session.exec(select(PriceList).where(PriceList.code == code)).first()
        return price_list.currency if price_list else ""
