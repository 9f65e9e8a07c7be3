"""The deal pipeline: stages from head office, deals created and moved offline.

Deals are shared edits (``deal_edit``: changed fields + base version, merged at
head office). A stage move is a ``deal_stage_move`` fact with its time, so head
office can report how long deals stay in each stage. Moving to a won stage makes
the sales order (the deal's order if an offer of it was accepted, else the
deal's open offer's lines); moving to a lost stage needs a reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select

from kassa.core.ids import new_id
from kassa.sync.field_facts import DealStageMoveFact, payload_of
from kassa.sync.models import DEAL_EDITABLE_FIELDS
from kassa.sync.models.customers import deal_labels, deal_probability, weighted_minor
from kassa.sync.protocol import SharedEdit
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import InvalidInput, NotFound
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.offers import OfferDesk
from kassa.terminal.services.field.orders import OrderBook, rep_ref
from kassa.terminal.services.field.own_facts import own_facts, unreflected
from kassa.terminal.services.field.shared_rows import overlay, pending_edits
from kassa.terminal.services.field.tables import DEALS, STAGES, as_dict, as_uuid


class Pipeline:
    def __init__(self, ctx: FieldContext, offers: OfferDesk, orders: OrderBook) -> None:
        self.ctx, self.offers, self.orders = ctx, offers, orders

    def stages(self) -> list[dict[str, Any]]:
        """Head office's stages in order (name, colour, probability, won/lost)."""
        with reading(self.ctx.replica) as connection:
            rows = connection.execute(
                select(STAGES).where(STAGES.c.deleted.is_(False)).order_by(STAGES.c.position)
            )
            return [as_dict(row) for row in rows]

    def stage(self, stage_id: uuid.UUID) -> dict[str, Any]:
        stage_id = as_uuid(stage_id)
        for stage in self.stages():
            if stage["id"] == stage_id:
                return stage
        raise NotFound("That pipeline stage is not on this tablet: sync")

    def list(self, *, customer_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
        """Open and closed deals with the rep's pending edits and moves, by title."""
        customer_id = as_uuid(customer_id)
        self.ctx.rep()
        with reading(self.ctx.replica) as connection:
            edits = pending_edits(connection, "deal_edit")
            moves = unreflected(connection, own_facts(connection, ["deal_stage_move"]))
            rows = {r.id: as_dict(r) for r in connection.execute(select(DEALS))}
        deals = {i: overlay(rows.get(i), edits.get(i, [])) for i in {*rows, *edits}}
        for move in moves:
            deal = deals.get(as_uuid(move.payload["deal_id"]))
            if deal is not None:
                deal["stage_id"] = as_uuid(move.payload["to_stage_id"])
                deal["_pending"] = True
        stages = {s["id"]: s for s in self.stages()}
        shown = []
        for deal in deals.values():
            if deal is None or deal.get("archived"):
                continue
            if customer_id is not None and deal.get("customer_id") != customer_id:
                continue
            stage = stages.get(deal.get("stage_id"), {})
            deal["stage"] = stage
            deal["labels"] = list(deal.get("labels") or [])
            # the rep's own figure, else the stage's; weighted = expected x probability
            deal["probability_from_stage"] = deal.get("probability") is None
            if deal["probability_from_stage"]:
                deal["probability"] = stage.get("probability", 0)
            deal["weighted_minor"] = weighted_minor(deal["amount_minor"], deal["probability"])
            shown.append(deal)
        return sorted(shown, key=lambda d: (d["title"].lower(), str(d["id"])))

    def get(self, deal_id: uuid.UUID) -> dict[str, Any]:
        deal_id = as_uuid(deal_id)
        for deal in self.list():
            if deal["id"] == deal_id:
                return deal
        raise NotFound("That deal is not on this tablet")

    def create(
        self,
        *,
        customer_id: uuid.UUID,
        title: str,
        amount_minor: int,
        stage_id: uuid.UUID | None = None,
        expected_close: date | None = None,
        notes: str = "",
        probability: int | None = None,
        labels: list[str] | tuple[str, ...] = (),
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A new deal in the first open stage (or ``stage_id``)."""
        customer_id, stage_id = as_uuid(customer_id), as_uuid(stage_id)
        rep = self.ctx.rep()
        if not title.strip():
            raise InvalidInput("Give the deal a title")
        if amount_minor < 0:
            raise InvalidInput("Expected revenue cannot be negative")
        open_stages = [s for s in self.stages() if not s["is_won"] and not s["is_lost"]]
        if stage_id is None and not open_stages:
            raise NotFound("Head office has defined no open pipeline stage yet: sync")
        stage_id = stage_id or open_stages[0]["id"]
        changes = {
            "customer_id": str(customer_id), "title": title.strip(),
            "stage_id": str(stage_id), "amount_minor": amount_minor,
            "currency": self.ctx.currency, "owner_user_id": str(rep.user_id),
            "expected_close": expected_close.isoformat() if expected_close else None,
            "notes": notes,
            **_allowed({"probability": probability, "labels": list(labels), **(extra or {})}),
        }  # fmt: skip
        if self.ctx.store_id is not None:
            changes["store_id"] = str(self.ctx.store_id)
        deal_id = new_id()
        edit = SharedEdit(row_id=deal_id, base_version=0, changes=changes, create=True)
        self.ctx.record("deal_edit", edit.model_dump(mode="json"))
        return self.get(deal_id)

    def edit(self, deal_id: uuid.UUID, changes: Mapping[str, Any]) -> dict[str, Any]:
        deal = self.get(deal_id)
        if "stage_id" in changes:
            raise InvalidInput("Move a deal with move(), so the move is recorded with its time")
        current = dict(deal)
        if deal.get("probability_from_stage"):
            current["probability"] = None  # setting the stage's figure explicitly is a change
        changed = {k: v for k, v in _allowed(changes).items() if current.get(k) != v}
        if not changed:
            raise InvalidInput("Nothing changed: edit a field, then save")
        edit = SharedEdit(
            row_id=deal_id, base_version=int(deal.get("version") or 0), changes=changed
        )
        self.ctx.record("deal_edit", edit.model_dump(mode="json"))
        return self.get(deal_id)

    def move(
        self, deal_id: uuid.UUID, stage_id: uuid.UUID, *, lost_reason: str = ""
    ) -> dict[str, Any]:
        """Move the deal; won makes its sales order, lost needs ``lost_reason``."""
        deal_id, stage_id = as_uuid(deal_id), as_uuid(stage_id)
        deal, stage = self.get(deal_id), self.stage(stage_id)
        if deal.get("stage_id") == stage_id:
            raise InvalidInput(f"The deal is already in {stage['name']}")
        outcome = "won" if stage["is_won"] else "lost" if stage["is_lost"] else "open"
        if outcome == "lost" and not lost_reason.strip():
            raise InvalidInput(f"Say why the deal was lost before moving it to {stage['name']}")
        order_id = self._order_for(deal) if outcome == "won" else None
        move = DealStageMoveFact(
            deal_id=deal_id, from_stage_id=deal.get("stage_id"), to_stage_id=stage_id,
            outcome=outcome, moved_at=self.ctx.now(), rep=rep_ref(self.ctx),
            base_version=int(deal.get("version") or 0),
            lost_reason=lost_reason.strip() or None, order_id=order_id,
        )  # fmt: skip
        self.ctx.record("deal_stage_move", payload_of(move))
        return self.get(deal_id)

    def _order_for(self, deal: Mapping[str, Any]) -> uuid.UUID:
        orders = [
            o
            for o in self.orders.list()
            if o.order.deal_id == deal["id"] and o.status != "cancelled"
        ]
        if orders:
            return orders[0].order.order_id
        offers = [
            o
            for o in self.offers.list(customer_id=deal["customer_id"])
            if o.offer.deal_id == deal["id"] and o.status == "open"
        ]
        if not offers:
            raise InvalidInput("A won deal becomes a sales order: make an offer for the deal first")
        offer = offers[0].offer
        taken = [line.line_id for line in offer.lines if not line.optional]
        return self.offers.accept(offer.offer_id, taken).order.order_id


def _allowed(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(DEAL_EDITABLE_FIELDS) - {"stage_id"})
    if unknown:
        raise InvalidInput(f"A deal has no field {', '.join(unknown)} a rep can set")
    allowed = {k: (str(v) if isinstance(v, uuid.UUID) else v) for k, v in changes.items()}
    try:
        if "probability" in allowed:
            allowed["probability"] = deal_probability(allowed["probability"])
        if "labels" in allowed:
            allowed["labels"] = deal_labels(allowed["labels"])
    except ValueError as exc:
        raise InvalidInput(str(exc).capitalize()) from exc
    return allowed
