"""Writing master data: checks, natural-key upserts, tombstones, scope cascades.

Every write goes through a ``ChangeWriter`` so it is versioned for pull. Bad
input is refused whole with a message naming the field (``ServiceError``).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, select

from kassa.core.currency import UnknownCurrency, currency
from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError, not_found
from kassa.server.kinds import SHARED_KINDS, Kind
from kassa.server.merge import HEAD_OFFICE, merge_edit
from kassa.sync.models import PriceList, PriceListItem, ReplicatedRow
from kassa.sync.protocol import SharedEdit

CURRENCY_FIELDS = ("currency", "credit_currency")


def get_row(session: Session, kind: Kind, row_id: uuid.UUID) -> ReplicatedRow:
    row = session.get(kind.model, row_id)
    if row is None:
        raise not_found(kind.label, row_id)
    return row


def list_rows(
    session: Session, kind: Kind, *, include_deleted: bool, limit: int, offset: int
) -> list[ReplicatedRow]:
    query = select(kind.model)
    if not include_deleted:
        query = query.where(kind.model.deleted.is_(False))
    order = [getattr(kind.model, c) for c in kind.natural_key] or [kind.model.id]
    return list(session.exec(query.order_by(*order).offset(offset).limit(limit)))


def find_by_key(session: Session, kind: Kind, values: dict[str, Any]) -> ReplicatedRow | None:
    if not kind.natural_key or any(values.get(c) is None for c in kind.natural_key):
        return None
    query = select(kind.model)
    for column in kind.natural_key:
        query = query.where(getattr(kind.model, column) == values[column])
    return session.exec(query).first()


_LOOK_UP = object()


def upsert(
    changes: ChangeWriter,
    kind: Kind,
    values: dict[str, Any],
    *,
    row_id: uuid.UUID | None = None,
    existing: Any = _LOOK_UP,
) -> tuple[ReplicatedRow, bool]:
    """Create, or update the row with the same natural key (reviving a tombstone).

    ``existing`` (the row with that key, or None) may be passed by a caller that
    already looked it up and checked for clashes, as a whole-file import does.
    """
    checked = existing is not _LOOK_UP
    if not checked:
        existing = find_by_key(changes.session, kind, values)
        if existing is None and row_id is not None:
            existing = changes.session.get(kind.model, row_id)
    if existing is None:
        return create(changes, kind, values, row_id=row_id, checked=checked), True
    return update(changes, kind, existing, {**values, "deleted": False}, checked=checked), False


def create(
    changes: ChangeWriter,
    kind: Kind,
    values: dict[str, Any],
    *,
    row_id: uuid.UUID | None = None,
    checked: bool = False,
) -> ReplicatedRow:
    _require_writable(kind)
    _check(changes.session, kind, values, row_id=None)
    clash = None if checked else find_by_key(changes.session, kind, values)
    if clash is not None and not clash.deleted:
        raise _duplicate(kind, values, clash)
    if clash is not None:  # a tombstone with this key: bring it back
        return update(changes, kind, clash, {**values, "deleted": False})
    row = kind.model(**values) if row_id is None else kind.model(id=row_id, **values)
    return _save(changes, row)


def update(
    changes: ChangeWriter,
    kind: Kind,
    row: ReplicatedRow,
    values: dict[str, Any],
    *,
    checked: bool = False,
) -> ReplicatedRow:
    _require_writable(kind)
    _check(changes.session, kind, values, row_id=row.id)
    clash = None if checked else find_by_key(changes.session, kind, values)
    if clash is not None and clash.id != row.id:
        raise _duplicate(kind, values, clash)
    if kind.name in SHARED_KINDS:  # head office's edit, merged so later conflicts are seen
        if values.get("deleted") is False and row.deleted:
            row.deleted = False
            changes.save(row)
        fields = kind.base.model_fields
        edited = {k: v for k, v in values.items() if k in fields and getattr(row, k) != v}
        edit = SharedEdit(row_id=row.id, base_version=row.version, changes=edited)
        return merge_edit(changes, table=kind.table, edit=edit, source=HEAD_OFFICE)
    for name, value in values.items():
        if name not in ("id", "version", "updated_at"):
            setattr(row, name, value)
    return _save(changes, row)


def delete(changes: ChangeWriter, kind: Kind, row: ReplicatedRow) -> ReplicatedRow:
    _require_writable(kind)
    if isinstance(row, PriceList):
        for item in _items_of(changes.session, row.id):
            changes.delete(item)
    return changes.delete(row)


def _require_writable(kind: Kind) -> None:
    if not kind.writable:
        raise ServiceError("read_only", f"{kind.name} are written by the server only", status=405)


def _duplicate(kind: Kind, values: dict[str, Any], clash: ReplicatedRow) -> ServiceError:
    key = ", ".join(f"{c}={values[c]}" for c in kind.natural_key)
    return ServiceError(
        "duplicate",
        f"a {kind.label} with {key} already exists (id {clash.id}); update that one instead",
        status=409,
    )


def _check(
    session: Session, kind: Kind, values: dict[str, Any], *, row_id: uuid.UUID | None
) -> None:
    problems: list[dict[str, Any]] = []
    for name in CURRENCY_FIELDS:
        if values.get(name) is not None:
            try:
                values[name] = currency(values[name]).code
            except UnknownCurrency as exc:
                problems.append({"field": name, "message": str(exc)})
    for name, target in kind.refs.items():
        ref = values.get(name)
        if ref is None:
            continue
        found = session.get(target, ref)
        if found is None or found.deleted:
            what = target.__tablename__  # type: ignore[attr-defined]
            problems.append({"field": name, "message": f"{name} {ref} is not a row of {what}"})
        elif row_id is not None and ref == row_id:
            problems.append({"field": name, "message": f"{name} cannot point at the row itself"})
    if problems:
        text = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        raise ServiceError("invalid_reference", text, status=422, details=problems)


def _save(changes: ChangeWriter, row: ReplicatedRow) -> ReplicatedRow:
    if isinstance(row, PriceListItem):
        with changes.session.no_autoflush:
            price_list = changes.session.get(PriceList, row.price_list_id)
        assert price_list is not None  # checked by _check
        if row.currency != price_list.currency:
            raise ServiceError(
                "currency_mismatch",
                f"price list {price_list.code} is in {price_list.currency}, "
                f"this price is in {row.currency}",
                status=422,
            )
        row.store_id = price_list.store_id
    changes.save(row)  # before any query: a flush would hide the old scope
    if isinstance(row, PriceList):  # its items follow it into its new scope
        for item in _items_of(changes.session, row.id):
            if item.store_id != row.store_id:
                item.store_id = row.store_id
                changes.save(item)
    return row


def _items_of(session: Session, price_list_id: uuid.UUID) -> list[PriceListItem]:
    query = select(PriceListItem).where(
        PriceListItem.price_list_id == price_list_id, PriceListItem.deleted.is_(False)
    )
    return list(session.exec(query))
