"""CSV export in the import format: codes for references, decimal money."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import select

from kassa.core.money import Money
from kassa.server.csvio.formats import CSV_FORMATS, Col
from kassa.server.kinds import KINDS
from kassa.server.store import Database


def export_file(db: Database, *, kind: str, path: Path) -> int:
    fmt = CSV_FORMATS[kind]
    model = fmt.kind.model
    with db.read() as session:
        codes: dict[str, dict[Any, str]] = {}
        for col in fmt.columns:
            if col.ref:
                ref_kind, key = col.ref.split(".")
                ref_model = KINDS[ref_kind].model
                codes[col.name] = dict(
                    session.exec(select(ref_model.id, getattr(ref_model, key))).all()
                )
        order = [getattr(model, c) for c in fmt.kind.natural_key] or [model.id]
        rows = list(session.exec(select(model).where(model.deleted.is_(False)).order_by(*order)))
    temporary = path.with_name(path.name + ".part")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.name for c in fmt.columns])
        for row in rows:
            writer.writerow([_cell(col, row, codes) for col in fmt.columns])
    temporary.replace(path)
    return len(rows)


def _cell(col: Col, row: Any, codes: dict[str, dict[Any, str]]) -> str:
    value = getattr(row, col.target)
    if value is None:
        return ""
    if col.ref:
        return codes[col.name].get(value, "")
    if col.kind == "pin":
        return ""  # only the hash is kept; a PIN cannot be exported
    if col.kind == "bool":
        return "true" if value else "false"
    if col.kind == "list":
        return ";".join(value)
    if col.kind == "money":
        currency = getattr(row, col.currency_from)
        return str(Money(value, currency).amount) if currency else str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
