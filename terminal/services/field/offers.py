"""Offers: lines at the customer's prices, optional lines, a validity date, revisions.

Saving a draft records an ``offer`` fact (``OF-<store>-<terminal>-<n>``). A
revision is a new ``offer`` fact with the same ``offer_id`` and the next
``revision`` (numbered ``<first number>/<revision>``); every revision is kept.
The customer's accepted selection (any lines of the latest revision, optional
ones included) becomes a sales order naming the offer revision and the lines.

Status of an offer: ``accepted`` (an order names it), ``expired`` (past its
validity), else ``open``; earlier revisions are ``superseded``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from kassa.core.ids import new_id
from kassa.sync.field_facts import OfferAcceptance, OfferFact, payload_of
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import InvalidInput, NotFound
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.draft_desk import DraftDesk
from kassa.terminal.services.field.drafts import Draft, DraftLine
from kassa.terminal.services.field.orders import OrderBook, OrderView, rep_ref
from kassa.terminal.services.field.own_facts import own_facts
from kassa.terminal.services.field.tables import as_uuid


@dataclass(frozen=True)
class OfferView:
    offer: OfferFact
    status: str  # open | accepted | expired | superseded
    recorded_at: datetime
    order_number: str = ""  # the sales order that accepted it

    @property
    def number(self) -> str:
        return self.offer.number or ""


class OfferDesk:
    def __init__(self, ctx: FieldContext, drafts: DraftDesk, orders: OrderBook) -> None:
        self.ctx, self.drafts, self.orders = ctx, drafts, orders

    def save(self, draft: Draft) -> OfferView:
        """Record the draft as an offer (or as the next revision of its offer)."""
        if draft.kind != "offer" or draft.valid_until is None:
            raise InvalidInput("This draft is not an offer with a validity date")
        if all(line.optional for line in draft.lines):
            raise InvalidInput("An offer needs at least one line that is not optional")
        amounts = self.drafts.amounts(draft)
        revising = draft.offer_id is not None
        if revising:
            latest = self.latest(draft.offer_id)  # type: ignore[arg-type]
            if latest.status == "accepted":
                raise InvalidInput(f"Offer {latest.number} was accepted: it cannot be revised")
        offer = OfferFact(
            number=f"{draft.first_number}/{draft.revision}" if revising else None,
            offer_id=draft.offer_id or new_id(), revision=draft.revision,
            deal_id=draft.deal_id, valid_until=draft.valid_until, customer=draft.customer,
            rep=rep_ref(self.ctx), currency=draft.currency,
            price_mode=draft.price_mode,  # type: ignore[arg-type]
            lines=amounts.lines, taxes=amounts.taxes, net_minor=amounts.net_minor,
            tax_minor=amounts.tax_minor, total_minor=amounts.total_minor, notes=draft.notes,
        )  # fmt: skip
        fact = self.ctx.record(
            "offer", payload_of(offer), number_kind=None if revising else "offer"
        )
        return self.revision(uuid.UUID(fact.payload["offer_id"]), fact.payload["revision"])

    def list(self, *, customer_id: uuid.UUID | None = None) -> list[OfferView]:
        """The latest revision of each offer, newest first."""
        latest: dict[uuid.UUID, OfferView] = {}
        for view in self._views():
            if view.status != "superseded":
                latest[view.offer.offer_id] = view
        views, customer_id = list(latest.values()), as_uuid(customer_id)
        if customer_id is not None:
            views = [v for v in views if v.offer.customer.customer_id == customer_id]
        return sorted(views, key=lambda v: v.recorded_at, reverse=True)

    def revisions(self, offer_id: uuid.UUID) -> list[OfferView]:
        """Every revision of an offer, first to latest."""
        offer_id = as_uuid(offer_id)
        found = [v for v in self._views() if v.offer.offer_id == offer_id]
        if not found:
            raise NotFound("That offer is not on this tablet")
        return found

    def latest(self, offer_id: uuid.UUID) -> OfferView:
        return self.revisions(offer_id)[-1]

    def revision(self, offer_id: uuid.UUID, revision: int) -> OfferView:
        for view in self.revisions(offer_id):
            if view.offer.revision == revision:
                return view
        raise NotFound(f"The offer has no revision {revision}")

    def revise(self, offer_id: uuid.UUID) -> Draft:
        """A draft of the next revision, starting from the latest one (prices kept)."""
        latest = self.latest(offer_id)
        if latest.status == "accepted":
            raise InvalidInput(f"Offer {latest.number} was accepted: it cannot be revised")
        draft = self.as_draft(offer_id)
        fresh = self.drafts.new("offer", draft.customer.customer_id, deal_id=draft.deal_id)
        valid = max(latest.offer.valid_until, fresh.valid_until or latest.offer.valid_until)
        return replace(
            draft,
            revision=latest.offer.revision + 1,
            valid_until=valid,
            price_list_id=fresh.price_list_id,  # lines added now: the customer's prices
        )

    def as_draft(self, offer_id: uuid.UUID) -> Draft:
        """The latest revision as a draft (to show it, or to start a revision from)."""
        offer = self.latest(offer_id).offer
        return Draft(
            kind="offer",
            customer=offer.customer,
            price_list_id=None,
            currency=offer.currency,
            price_mode=offer.price_mode,
            lines=[_draft_line(line) for line in offer.lines],
            valid_until=offer.valid_until,
            notes=offer.notes,
            deal_id=offer.deal_id,
            offer_id=offer.offer_id,
            revision=offer.revision,
            first_number=self.revisions(offer_id)[0].number,
        )

    def accept(
        self, offer_id: uuid.UUID, line_ids: Iterable[str], *, delivery_date=None
    ) -> OrderView:
        """The customer's selection of the latest revision becomes a sales order."""
        view = self.latest(offer_id)
        chosen = list(dict.fromkeys(line_ids))
        if view.status == "accepted":
            raise InvalidInput(f"Offer {view.number} is already order {view.order_number}")
        if view.status == "expired":
            raise InvalidInput(f"Offer {view.number} expired: revise it with a new date first")
        offer = view.offer
        known = {line.line_id: line for line in offer.lines}
        unknown = [i for i in chosen if i not in known]
        if unknown or not chosen:
            raise InvalidInput("Pick at least one line of the offer for the order")
        draft = self.drafts.new("sales_order", offer.customer.customer_id, deal_id=offer.deal_id)
        draft.price_mode, draft.delivery_date = offer.price_mode, delivery_date
        draft.lines = [replace(_draft_line(known[i]), optional=False) for i in chosen]
        draft.notes = f"Offer {view.number}"
        acceptance = OfferAcceptance(
            offer_id=offer.offer_id, revision=offer.revision, accepted_line_ids=chosen
        )
        return self.orders.save(draft, offer=acceptance)

    # -- internals --------------------------------------------------------------------
    def _views(self) -> list[OfferView]:
        with reading(self.ctx.replica) as connection:
            facts = own_facts(connection, ["offer"])
        accepted = {
            (o.order.offer.offer_id, o.order.offer.revision): o.number
            for o in self.orders.list()
            if o.order.offer is not None and o.status != "cancelled"
        }
        today = self.ctx.today()
        newest: dict[uuid.UUID, int] = {}
        offers = []
        for f in facts:
            offer = OfferFact.model_validate({**f.payload, "number": f.payload.get("number")})
            newest[offer.offer_id] = max(newest.get(offer.offer_id, 0), offer.revision)
            offers.append((offer, f.device_time))
        views = []
        for offer, at in offers:
            order = accepted.get((offer.offer_id, offer.revision), "")
            if order:
                status = "accepted"
            elif offer.revision < newest[offer.offer_id]:
                status = "superseded"
            elif offer.valid_until < today:
                status = "expired"
            else:
                status = "open"
            views.append(OfferView(offer, status, at, order))
        return views


def _draft_line(line) -> DraftLine:
    return DraftLine(
        line_id=line.line_id, product_id=line.product_id, sku=line.sku, name=line.name,
        unit=line.unit, quantity=line.quantity, unit_price_minor=line.unit_price_minor,
        tax_code=line.tax_code, tax_rate=line.tax_rate, optional=line.optional,
    )  # fmt: skip
