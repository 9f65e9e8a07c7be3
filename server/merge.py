"""The shared-edit merge rule for customers and deals (DESIGN.md, "Who writes what").

An edit carries the changed fields and the version it started from. Per field:
not changed by anyone else since that version -> applied. Changed concurrently
by another source -> head office wins on ``HEAD_OFFICE_FIELDS`` (credit limit,
terms, price list, tax id); otherwise the later-received edit (this one) wins.
The losing value is kept in an ``EditConflict``. An archive made concurrently
by another source beats the edit's other fields. An edit to a customer merged
into another follows ``merged_into`` to the survivor.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import select

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.tables import EditConflict, FieldChange
from kassa.sync.models import (
    CUSTOMER_EDITABLE_FIELDS,
    DEAL_EDITABLE_FIELDS,
    HEAD_OFFICE_FIELDS,
    Customer,
    CustomerBase,
    Deal,
    DealBase,
    ReplicatedRow,
)
from kassa.sync.protocol import SharedEdit

HEAD_OFFICE = "head_office"
_SHARED = {"customers": (Customer, CustomerBase), "deals": (Deal, DealBase)}
DEVICE_FIELDS = {"customers": CUSTOMER_EDITABLE_FIELDS, "deals": DEAL_EDITABLE_FIELDS}
# what a device may also set on a row it creates offline
CREATE_FIELDS = {
    "customers": frozenset({"store_id"}),
    "deals": frozenset({"customer_id", "owner_user_id", "store_id"}),
}


def terminal_source(terminal_id: uuid.UUID) -> str:
    return f"terminal:{terminal_id}"


def merge_edit(
    changes: ChangeWriter,
    *,
    table: str,
    edit: SharedEdit,
    source: str,
    fact_id: uuid.UUID | None = None,
) -> ReplicatedRow:
    model, base = _SHARED[table]
    session = changes.session
    if source != HEAD_OFFICE:
        allowed = DEVICE_FIELDS[table] | (CREATE_FIELDS[table] if edit.create else frozenset())
        refused = set(edit.changes) - allowed
        if refused:
            raise ServiceError(
                "field_not_editable", f"a device may not change {', '.join(sorted(refused))}"
            )
    row = session.get(model, edit.row_id)
    if row is None:
        if not edit.create:
            raise ServiceError("unknown_row", f"{table} {edit.row_id} does not exist", status=404)
        return _create(changes, table, model, base, edit, source)
    row = follow_merges(changes, row)
    values = _validated(base, row, edit.changes)
    known = {
        fc.field: fc
        for fc in session.exec(
            select(FieldChange).where(FieldChange.table_name == table, FieldChange.row_id == row.id)
        )
    }
    archive = known.get("archived")
    archived_by_other = (
        getattr(row, "archived", False)
        and archive is not None
        and archive.version > edit.base_version
        and archive.source != source
    )
    changed = False
    for name in edit.changes:
        new, current = values[name], getattr(row, name)
        if new == current:
            continue
        last = known.get(name)
        concurrent = last is not None and last.version > edit.base_version and last.source != source
        if archived_by_other and name != "archived":
            _conflict(
                changes,
                table,
                row,
                name,
                current,
                archive.source,
                new,
                source,
                "archiving beats a concurrent edit",
                fact_id,
            )
            continue
        if concurrent and name in HEAD_OFFICE_FIELDS and last.source == HEAD_OFFICE:
            _conflict(
                changes,
                table,
                row,
                name,
                current,
                HEAD_OFFICE,
                new,
                source,
                "head office wins on credit limit, terms, price list and tax id",
                fact_id,
            )
            continue
        if concurrent:
            rule = (
                "head office wins on credit limit, terms, price list and tax id"
                if source == HEAD_OFFICE and name in HEAD_OFFICE_FIELDS
                else "the later-received edit wins"
            )
            _conflict(changes, table, row, name, new, source, current, last.source, rule, fact_id)
        setattr(row, name, new)
        _record(changes, table, row.id, name, source, known)
        changed = True
    if changed:
        changes.save(row)
    return row


def _create(
    changes: ChangeWriter, table: str, model: Any, base: Any, edit: SharedEdit, source: str
) -> ReplicatedRow:
    try:
        data = base.model_validate(edit.changes)
    except ValidationError as exc:
        raise ServiceError("invalid_edit", _errors(exc)) from exc
    row = model(id=edit.row_id, **data.model_dump())
    changes.save(row)
    known: dict[str, FieldChange] = {}
    for name in edit.changes:
        _record(changes, table, row.id, name, source, known)
    return row


def follow_merges(changes: ChangeWriter, row: Any) -> Any:
    seen = {row.id}
    while getattr(row, "merged_into", None) is not None:
        survivor = changes.session.get(type(row), row.merged_into)
        if survivor is None or survivor.id in seen:
            break
        seen.add(survivor.id)
        row = survivor
    return row


def _validated(base: Any, row: Any, edits: dict[str, Any]) -> dict[str, Any]:
    current = {name: getattr(row, name) for name in base.model_fields}
    try:
        return base.model_validate({**current, **edits}).model_dump()
    except ValidationError as exc:
        raise ServiceError("invalid_edit", _errors(exc)) from exc


def _errors(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())


def _record(
    changes: ChangeWriter,
    table: str,
    row_id: uuid.UUID,
    name: str,
    source: str,
    known: dict[str, FieldChange],
) -> None:
    entry = known.get(name) or FieldChange(
        table_name=table, row_id=row_id, field=name, version=0, source=source
    )
    entry.version, entry.source = changes.version, source
    known[name] = entry
    changes.session.add(entry)


def _conflict(
    changes: ChangeWriter,
    table: str,
    row: Any,
    name: str,
    kept: Any,
    kept_source: str,
    lost: Any,
    lost_source: str,
    rule: str,
    fact_id: uuid.UUID | None,
) -> None:
    changes.session.add(
        EditConflict(
            table_name=table,
            row_id=row.id,
            field=name,
            kept_value=_jsonable(kept),
            kept_source=kept_source,
            lost_value=_jsonable(lost),
            lost_source=lost_source,
            rule=rule,
            fact_id=fact_id,
            version=changes.version,
        )
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID | datetime):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
