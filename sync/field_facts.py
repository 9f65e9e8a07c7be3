"""Payloads of the field-sales facts a rep's tablet pushes (``protocol.FACT_TYPES``).

Shared by the tablet (``terminal/services/field``) and head office
(``server/field``), so both sides agree by construction. Money is integer minor
units with the document's ISO 4217 ``currency``; quantities, rates and percents
are decimal strings (``"1.5"``), never floats; ids are UUIDv7 made on the tablet;
times are aware datetimes (UTC on the wire).

A tablet builds the model, then records ``payload_of(model)`` with
``record_fact(uow, type=<FACT TYPE>, payload=..., number_kind=...)``; the
replica adds ``number`` (``OF-...``, ``SO-...``), which is why every document
has ``number`` optional here. Head office reads a pushed payload back with
``parse_field_fact(type, payload)``. (The till's ``invoice_order`` for a receipt,
``terminal/services/invoices.py``, has its own shape: it names ``receipt_id``.)

Rules the shapes carry (head office checks the rest against its data):

- an offer is revised by a new ``offer`` fact with the same ``offer_id`` and the
  next ``revision``; every revision is kept;
- offer lines may be ``optional``; the totals count only the other lines;
- a sales order names the offer revision and the offer lines the customer
  accepted (``accepted_line_ids``); its own lines are never optional;
- a stage move to a ``won`` stage names the sales order made from the deal, one
  to a ``lost`` stage gives a reason;
- an activity is re-sent whole, with the next ``revision``, when it changes
  (done, rescheduled); head office keeps the newest revision.

Head office keeps offers (every revision), sales orders (replicated back as
``sales_orders`` rows with their status: entered, confirmed, delivered,
cancelled, invoiced), stage moves, activities and invoice orders
(``server/field``). A rep's target progress, on the tablet and in head office's
target-attainment report alike, is the ``net_minor`` of the rep's sales orders
that are not cancelled, whose local order day falls in the target's period.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)


def _decimal(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError("give it as a decimal string like '1.5', never a float")
    return value


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


DecimalString = Annotated[
    Decimal, BeforeValidator(_decimal), PlainSerializer(_text, return_type=str)
]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
PriceMode = Literal["gross", "net"]  # unit prices include tax (gross) or not (net)


class FieldPayload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RepRef(FieldPayload):
    user_id: uuid.UUID
    name: str = Field(min_length=1, max_length=120)


class CustomerRef(FieldPayload):
    customer_id: uuid.UUID
    name: str = Field(min_length=1, max_length=200)
    tax_number: str = Field(default="", max_length=40)


class DocLine(FieldPayload):
    """One line at the customer's price, with its amounts (``core.document`` computes them)."""

    line_id: str = Field(min_length=1, max_length=40)  # stable across revisions and the order
    product_id: uuid.UUID
    sku: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=20)
    quantity: DecimalString = Field(gt=0)
    unit_price_minor: int = Field(ge=0)  # in the document's price mode
    tax_code: str = Field(min_length=1, max_length=40)
    tax_rate: DecimalString = Field(ge=0, le=100)  # percent
    discount_percent: DecimalString | None = Field(default=None, gt=0, le=100)
    discount_minor: int | None = Field(default=None, gt=0)
    optional: bool = False  # offers only: counted when the customer accepts it
    net_minor: int
    tax_minor: int
    total_minor: int  # gross


class TaxLine(FieldPayload):
    tax_code: str
    tax_rate: DecimalString
    net_minor: int
    tax_minor: int
    gross_minor: int


class CommercialDocument(FieldPayload):
    """What offers, sales orders and invoice orders share."""

    number: str | None = None  # set by the replica's numbering (number_kind)
    customer: CustomerRef
    rep: RepRef
    currency: CurrencyCode
    price_mode: PriceMode = "net"
    lines: list[DocLine] = Field(min_length=1)
    taxes: list[TaxLine] = Field(default_factory=list)
    net_minor: int  # counted lines only (optional lines not accepted are left out)
    tax_minor: int
    total_minor: int
    notes: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _totals_add_up(self) -> CommercialDocument:
        counted = [line for line in self.lines if not line.optional]
        for name in ("net_minor", "tax_minor", "total_minor"):
            if sum(getattr(line, name) for line in counted) != getattr(self, name):
                raise ValueError(f"{name} is not the sum of the counted lines' {name}")
        ids = [line.line_id for line in self.lines]
        if len(set(ids)) != len(ids):
            raise ValueError("two lines share a line_id")
        return self


class OfferFact(CommercialDocument):
    """``offer``: one revision of an offer."""

    offer_id: uuid.UUID  # the same for every revision
    revision: int = Field(default=1, ge=1)
    deal_id: uuid.UUID | None = None
    valid_until: date


class OfferAcceptance(FieldPayload):
    offer_id: uuid.UUID
    revision: int = Field(ge=1)
    accepted_line_ids: list[str] = Field(min_length=1)  # the offer lines taken (optional or not)


class SalesOrderFact(CommercialDocument):
    """``sales_order``: entered on the tablet at the customer's prices."""

    order_id: uuid.UUID
    deal_id: uuid.UUID | None = None
    offer: OfferAcceptance | None = None
    delivery_date: date | None = None

    @model_validator(mode="after")
    def _no_optional_lines(self) -> SalesOrderFact:
        if any(line.optional for line in self.lines):
            raise ValueError("a sales order has no optional lines; leave out the ones not taken")
        return self


class OrderCancelledFact(FieldPayload):
    """``order_cancelled``: the rep cancels an order not yet delivered."""

    order_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=500)
    rep: RepRef


class InvoiceOrderFact(CommercialDocument):
    """``invoice_order`` from the tablet: invoice a delivered sales order."""

    invoice_order_id: uuid.UUID
    order_id: uuid.UUID


ACTIVITY_KINDS = ("visit", "call", "meeting", "task")
ActivityKind = Literal["visit", "call", "meeting", "task"]
ActivityStatus = Literal["planned", "done", "cancelled"]


class ActivityFact(FieldPayload):
    """``activity``: the whole activity as it stands now (newest ``revision`` wins)."""

    activity_id: uuid.UUID
    revision: int = Field(default=1, ge=1)
    kind: ActivityKind
    status: ActivityStatus = "planned"
    rep: RepRef
    customer_id: uuid.UUID | None = None
    deal_id: uuid.UUID | None = None
    subject: str = Field(min_length=1, max_length=200)
    starts_at: AwareDatetime
    duration_minutes: int = Field(default=0, ge=0, le=24 * 60)
    location: str = Field(default="", max_length=240)
    outcome: str = Field(default="", max_length=4000)  # notes once it happened
    follows_id: uuid.UUID | None = None  # the activity whose completion scheduled this one


StageOutcome = Literal["open", "won", "lost"]


class DealStageMoveFact(FieldPayload):
    """``deal_stage_move``: a deal moved to another stage at ``moved_at``."""

    deal_id: uuid.UUID
    from_stage_id: uuid.UUID | None = None
    to_stage_id: uuid.UUID
    outcome: StageOutcome = "open"  # the target stage's won/lost flag as the tablet saw it
    moved_at: AwareDatetime
    rep: RepRef
    base_version: int = Field(default=0, ge=0)  # the deal's version on the tablet
    lost_reason: str | None = Field(default=None, max_length=500)
    order_id: uuid.UUID | None = None  # won: the sales order made from the deal

    @model_validator(mode="after")
    def _won_and_lost(self) -> DealStageMoveFact:
        if self.outcome == "lost" and not (self.lost_reason or "").strip():
            raise ValueError("moving a deal to a lost stage needs a lost_reason")
        if self.outcome == "won" and self.order_id is None:
            raise ValueError("moving a deal to a won stage needs the order_id of its sales order")
        return self


FIELD_FACT_MODELS: dict[str, type[FieldPayload]] = {
    "offer": OfferFact,
    "sales_order": SalesOrderFact,
    "order_cancelled": OrderCancelledFact,
    "invoice_order": InvoiceOrderFact,
    "activity": ActivityFact,
    "deal_stage_move": DealStageMoveFact,
}


def payload_of(model: FieldPayload) -> dict[str, Any]:
    """The JSON payload to record (``number`` left out when unset: the replica adds it)."""
    data = model.model_dump(mode="json")
    if data.get("number", "") is None:
        del data["number"]
    return data


def parse_field_fact(type: str, payload: dict[str, Any]) -> FieldPayload:
    """A pushed payload as its model; ``ValueError`` names what is wrong."""
    model = FIELD_FACT_MODELS.get(type)
    if model is None:
        raise ValueError(f"{type!r} is not a field-sales fact type")
    return model.model_validate(payload)
