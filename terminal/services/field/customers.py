"""The rep's customer book: list and search offline, create and edit offline.

An edit is a ``customer_edit`` fact (``protocol.SharedEdit``): only the changed
fields and the version the rep started from (0 with ``create`` for a customer
born on the tablet). Head office merges field by field (DESIGN.md): it wins on
credit limit, terms, price list and tax id; the later edit wins on contact
fields; the losing value is kept for review. Until the merged row comes back,
the rep's own edits are shown on top of the pulled row (``shared_rows``).

Besides the main contact and address, a customer has lists of more contacts
(name, role, phone, e-mail) and billing/delivery addresses; adding or removing
one sends the whole list as one changed field, so a concurrent change of the
same list elsewhere is kept as a conflict for head office to review.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, or_, select

from kassa.core.ids import new_id
from kassa.sync.models import (
    CUSTOMER_EDITABLE_FIELDS,
    CustomerAddress,
    CustomerBase,
    CustomerContact,
)
from kassa.sync.protocol import SharedEdit
from kassa.sync.replica.fold import fold
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import InvalidInput, NotFound
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.shared_rows import load_row, overlay, pending_edits
from kassa.terminal.services.field.tables import CUSTOMERS as C
from kassa.terminal.services.field.tables import as_dict, as_uuid

# What the rep may type; archived is set through archive(), never typed.
TYPED_FIELDS = tuple(sorted(CUSTOMER_EDITABLE_FIELDS - {"archived"}))


class CustomerBook:
    def __init__(self, ctx: FieldContext) -> None:
        self.ctx = ctx

    def search(self, text: str = "", *, limit: int = 50) -> list[dict[str, Any]]:
        """Customers whose name, number, city or tax id contains ``text`` (accents and
        case folded), the rep's offline creations and edits included, by name."""
        self.ctx.rep()
        needle = fold(text.strip())
        with reading(self.ctx.replica) as connection:
            edits = pending_edits(connection, "customer_edit")
            query = select(C).where(C.c.merged_into.is_(None), C.c.deleted.is_(False))
            if needle:
                like = f"%{needle}%"
                query = query.where(
                    or_(
                        func.kassa_fold(C.c.name).like(like),
                        func.kassa_fold(C.c.code).like(like),
                        func.kassa_fold(C.c.city).like(like),
                        C.c.tax_number.like(like),
                    )
                )
            rows = [as_dict(r) for r in connection.execute(query.order_by(C.c.name).limit(limit))]
        found = {row["id"]: overlay(row, edits.get(row["id"], [])) for row in rows}
        for row_id, row_edits in edits.items():
            if row_id not in found:
                born = overlay(None, row_edits)
                if born is not None and _matches(born, needle):
                    found[row_id] = born
        shown = [row for row in found.values() if row is not None and not row.get("archived")]
        return sorted(shown, key=lambda row: fold(row["name"]))[:limit]

    def get(self, customer_id: uuid.UUID) -> dict[str, Any]:
        """One customer with the rep's pending edits (follows a merge at head office)."""
        customer_id = as_uuid(customer_id)
        with reading(self.ctx.replica) as connection:
            edits = pending_edits(connection, "customer_edit").get(customer_id, [])
            row = load_row(connection, C, customer_id, edits)
        if row is None:
            raise NotFound("That customer is not on this tablet: search again or sync")
        return row

    def create(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A new customer, offline; head office numbers nothing, the id is made here."""
        self.ctx.rep()
        values = _clean(fields)
        data = {"name": "", **values}
        _validate(data)
        customer_id = new_id()
        changes = {k: v for k, v in data.items() if v not in ("", None)}
        if self.ctx.store_id is not None:
            changes["store_id"] = str(self.ctx.store_id)
        edit = SharedEdit(row_id=customer_id, base_version=0, changes=changes, create=True)
        self._record(edit)
        return self.get(customer_id)

    def edit(self, customer_id: uuid.UUID, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Change some fields; only what really changed travels, with the base version."""
        self.ctx.rep()
        current = self.get(customer_id)
        values = _clean(fields)
        changes = {k: v for k, v in values.items() if (current.get(k) or "") != (v or "")}
        if not changes:
            raise InvalidInput("Nothing changed: edit a field, then save")
        _validate({**{k: current.get(k) for k in TYPED_FIELDS}, **changes})
        edit = SharedEdit(
            row_id=current["id"], base_version=int(current.get("version") or 0), changes=changes
        )
        self._record(edit)
        return self.get(current["id"])

    def add_contact(
        self, customer_id: uuid.UUID, *, name: str, role: str = "", phone: str = "", email: str = ""
    ) -> dict[str, Any]:
        """One more person at the customer; returns the customer."""
        entry = _entry(CustomerContact, "Contact", name=name, role=role, phone=phone, email=email)
        current = self.get(customer_id)
        return self.edit(current["id"], {"contacts": [*(current.get("contacts") or []), entry]})

    def add_address(
        self,
        customer_id: uuid.UUID,
        *,
        kind: str,
        street: str,
        postal_code: str = "",
        city: str = "",
        country: str = "",
    ) -> dict[str, Any]:
        """A billing or delivery address; returns the customer."""
        entry = _entry(
            CustomerAddress, "Address", kind=kind.strip().lower(), street=street,
            postal_code=postal_code, city=city, country=country.strip().upper(),
        )  # fmt: skip
        current = self.get(customer_id)
        return self.edit(current["id"], {"addresses": [*(current.get("addresses") or []), entry]})

    def remove_entry(self, customer_id: uuid.UUID, entry_id: str) -> dict[str, Any]:
        """Take a contact or an address (by its id) off the customer."""
        current = self.get(customer_id)
        for field in ("contacts", "addresses"):
            entries = list(current.get(field) or [])
            kept = [e for e in entries if e.get("id") != entry_id]
            if len(kept) != len(entries):
                return self.edit(current["id"], {field: kept})
        raise NotFound("That contact or address is no longer on the customer")

    def archive(self, customer_id: uuid.UUID) -> None:
        """Archive (hide) a customer; archiving beats a concurrent edit at head office."""
        self.ctx.rep()
        current = self.get(customer_id)
        edit = SharedEdit(
            row_id=current["id"],
            base_version=int(current.get("version") or 0),
            changes={"archived": True},
        )
        self._record(edit)

    def _record(self, edit: SharedEdit) -> None:
        self.ctx.record("customer_edit", edit.model_dump(mode="json"))


def _clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(TYPED_FIELDS))
    if unknown:
        raise InvalidInput(
            f"A rep cannot set {', '.join(unknown)} on a customer; head office does that"
        )
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if "code" in cleaned and not cleaned["code"]:
        cleaned["code"] = None
    if cleaned.get("country"):
        cleaned["country"] = cleaned["country"].upper()
    return cleaned


def _entry(model: Any, what: str, **values: str) -> dict[str, Any]:
    """A new contact or address with its own id, checked with a clear message."""
    cleaned = {k: " ".join(v.split()) for k, v in values.items()}
    try:
        return model.model_validate({"id": str(new_id()), **cleaned}).model_dump()
    except ValidationError as exc:
        problem = exc.errors()[0]
        field = ".".join(str(p) for p in problem["loc"]).replace("_", " ")
        if problem["type"] == "string_too_short":
            raise InvalidInput(f"{what}: type the {field}") from None
        if problem["type"] == "literal_error":
            raise InvalidInput(f"{what}: a billing or a delivery address") from None
        raise InvalidInput(f"{what} {field}: {problem['msg']}; correct it and add it") from None


def _validate(data: Mapping[str, Any]) -> None:
    try:
        CustomerBase.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        problem = exc.errors()[0]
        field = ".".join(str(p) for p in problem["loc"]) or "customer"
        raise InvalidInput(f"Customer {field}: {problem['msg']}; correct it and save") from None


def _matches(row: Mapping[str, Any], needle: str) -> bool:
    if not needle:
        return True
    fields = ("name", "code", "city", "tax_number")
    return any(needle in fold(str(row.get(f) or "")) for f in fields)
