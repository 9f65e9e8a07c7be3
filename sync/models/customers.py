"""Shared edits: customers and deals (devices and head office both write them).

An edit names the changed fields and the version it started from; the server
merges field by field (DESIGN.md, "Who writes what"). When both sides changed
the same field, head office wins on ``HEAD_OFFICE_FIELDS`` and the later-received
edit wins on the rest; the losing value goes to a conflict record. Archiving
beats a concurrent edit. A duplicate merged at head office points to the
survivor through ``merged_into``.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import field_validator
from sqlmodel import JSON, Field, SQLModel

from kassa.sync.models.row import ReplicatedRow

# Fields where head office's value wins a conflict (credit limit, terms, price list, tax id).
HEAD_OFFICE_FIELDS = frozenset(
    {"credit_limit_minor", "credit_currency", "payment_terms_days", "price_list_id", "tax_number"}
)
# Fields a device may send in a customer_edit fact.
CUSTOMER_EDITABLE_FIELDS = frozenset(
    {
        "code",
        "name",
        "contact_person",
        "email",
        "phone",
        "address",
        "city",
        "postal_code",
        "country",
        "tax_number",
        "notes",
        "contacts",
        "addresses",
        "archived",
    }
)
MAX_CONTACTS = 20
MAX_ADDRESSES = 10


class CustomerContact(SQLModel):
    """One more person at the customer (the main one is ``contact_person``)."""

    id: str = Field(min_length=1, max_length=36)  # made where the contact is added
    name: str = Field(min_length=1, max_length=120)
    role: str = Field(default="", max_length=60)  # "purchasing", "owner", ...
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)


class CustomerAddress(SQLModel):
    """A billing or delivery address besides the main ``address``."""

    id: str = Field(min_length=1, max_length=36)
    kind: Literal["billing", "delivery"]
    street: str = Field(min_length=1, max_length=240)
    postal_code: str = Field(default="", max_length=20)
    city: str = Field(default="", max_length=120)
    country: str = Field(default="", max_length=2)  # ISO 3166 alpha-2


def _entries(value: object, model: type[SQLModel], most: int, what: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValueError(f"{what} are a list")
    entries = [model.model_validate(v).model_dump() for v in value]
    ids = [e["id"] for e in entries]
    if len(set(ids)) != len(ids):
        raise ValueError(f"two {what} have the same id")
    if len(entries) > most:
        raise ValueError(f"a customer has at most {most} {what}")
    return entries


class CustomerBase(SQLModel):
    code: str | None = Field(default=None, max_length=40)  # customer number, if any
    name: str = Field(min_length=1, max_length=200)
    contact_person: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=240)
    city: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=20)
    country: str = Field(default="", max_length=2)  # ISO 3166 alpha-2
    tax_number: str = Field(default="", max_length=40)
    credit_limit_minor: int | None = Field(default=None, ge=0)
    credit_currency: str | None = Field(default=None, min_length=3, max_length=3)
    payment_terms_days: int = Field(default=0, ge=0, le=365)
    price_list_id: uuid.UUID | None = Field(default=None, index=True)
    notes: str = Field(default="", max_length=2000)
    archived: bool = False
    merged_into: uuid.UUID | None = Field(default=None, index=True)
    store_id: uuid.UUID | None = Field(default=None, index=True)  # None: every store
    # more people and addresses: CustomerContact / CustomerAddress dicts; each list is
    # one field for the merge rule (a concurrent edit of it keeps the loser for review)
    contacts: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    addresses: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)

    @field_validator("contacts", mode="before")
    @classmethod
    def _contacts(cls, value: object) -> list[dict]:
        return _entries(value, CustomerContact, MAX_CONTACTS, "contacts")

    @field_validator("addresses", mode="before")
    @classmethod
    def _addresses(cls, value: object) -> list[dict]:
        return _entries(value, CustomerAddress, MAX_ADDRESSES, "addresses")


class Customer(ReplicatedRow, CustomerBase, table=True):
    __tablename__ = "customers"
    code: str | None = Field(default=None, max_length=40, unique=True, index=True)


DEAL_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "stage_id",
        "amount_minor",
        "currency",
        "probability",
        "labels",
        "expected_close",
        "notes",
        "archived",
    }
)
MAX_DEAL_LABELS = 8
MAX_LABEL_LENGTH = 30


def deal_probability(value: object) -> int | None:
    """A whole percent 0-100 (an int, a whole Decimal or digits), or None for the stage's."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError("probability is a whole percent from 0 to 100")
    return value


def weighted_minor(amount_minor: int, probability: int) -> int:
    """Expected revenue x probability percent, in minor units, rounded half up."""
    return (amount_minor * probability + 50) // 100


def deal_labels(value: object) -> list[str]:
    """Short texts, spaces tidied, blanks and repeats (any case) dropped, in order."""
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError("labels are a list of short texts")
    labels: list[str] = []
    for raw in value:
        label = " ".join(raw.split())
        if not label or label.casefold() in {known.casefold() for known in labels}:
            continue
        if len(label) > MAX_LABEL_LENGTH:
            raise ValueError(f"a label has at most {MAX_LABEL_LENGTH} characters: {label!r}")
        labels.append(label)
    if len(labels) > MAX_DEAL_LABELS:
        raise ValueError(f"a deal has at most {MAX_DEAL_LABELS} labels")
    return labels


class DealBase(SQLModel):
    customer_id: uuid.UUID = Field(index=True)
    title: str = Field(min_length=1, max_length=200)
    stage_id: uuid.UUID = Field(index=True)
    amount_minor: int = Field(default=0, ge=0)
    currency: str = Field(min_length=3, max_length=3)
    # percent chance of winning, 0-100; None: the stage's probability
    probability: int | None = Field(default=None, ge=0, le=100)
    labels: list[str] = Field(default_factory=list, sa_type=JSON)  # short tags, e.g. "hot"
    owner_user_id: uuid.UUID | None = Field(default=None, index=True)
    expected_close: date | None = None
    notes: str = Field(default="", max_length=2000)
    archived: bool = False
    store_id: uuid.UUID | None = Field(default=None, index=True)

    @field_validator("probability", mode="before")
    @classmethod
    def _whole_percent(cls, value: object) -> int | None:
        return deal_probability(value)

    @field_validator("labels", mode="before")
    @classmethod
    def _short_labels(cls, value: object) -> list[str]:
        return deal_labels(value)


class Deal(ReplicatedRow, DealBase, table=True):
    __tablename__ = "deals"
