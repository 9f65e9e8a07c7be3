"""Head-office endpoints for field sales: orders, offers, stage moves and activities
(under ``/api/v1``); invoicing and reports are in ``invoice_routes``, included here."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlmodel import select

from kassa.server.api.deps import AdminDep, ClockDep, DbDep, ViewerDep
from kassa.server.changes import ChangeWriter
from kassa.server.errors import not_found
from kassa.server.field.invoice_routes import router as invoice_router
from kassa.server.field.offers import offer_revisions, offer_status
from kassa.server.field.orders import set_order_status
from kassa.server.tables import FieldActivity, OfferRevision, StageMove
from kassa.sync.models import SalesOrder

router = APIRouter()
router.include_router(invoice_router)
Limit = Annotated[int, Query(ge=1, le=5000)]


class StatusIn(BaseModel):
    status: Literal["confirmed", "delivered", "cancelled"]
    note: str = Field(default="", max_length=500)


class OfferOut(BaseModel):
    offer_id: uuid.UUID
    status: str
    customer_id: uuid.UUID
    latest_revision: int
    revisions: list[OfferRevision]


@router.get("/sales-orders", tags=["field sales"], summary="Sales orders, newest first")
def list_orders(
    db: DbDep,
    _user: ViewerDep,
    status: str | None = None,
    customer_id: uuid.UUID | None = None,
    limit: Limit = 500,
) -> list[SalesOrder]:
    query = select(SalesOrder).where(SalesOrder.deleted.is_(False))
    if status:
        query = query.where(SalesOrder.status == status)
    if customer_id:
        query = query.where(SalesOrder.customer_id == customer_id)
    with db.read() as session:
        return list(session.exec(query.order_by(SalesOrder.ordered_at.desc()).limit(limit)))


@router.get("/sales-orders/{order_id}", tags=["field sales"], summary="One sales order")
def get_order(order_id: uuid.UUID, db: DbDep, _user: ViewerDep) -> SalesOrder:
    with db.read() as session:
        row = session.get(SalesOrder, order_id)
    if row is None:
        raise not_found("sales order", order_id)
    return row


@router.post(
    "/sales-orders/{order_id}/status",
    tags=["field sales"],
    summary="Confirm, deliver (makes its invoice order) or cancel a sales order",
)
def move_order(
    order_id: uuid.UUID, body: StatusIn, db: DbDep, clock: ClockDep, _admin: AdminDep
) -> SalesOrder:
    with db.write() as session:
        return set_order_status(
            ChangeWriter(session, clock=clock),
            order_id=order_id,
            status=body.status,
            note=body.note,
            now=clock(),
        )


@router.get("/offers", tags=["field sales"], summary="Offers with every revision kept")
def list_offers(
    db: DbDep, clock: ClockDep, _user: ViewerDep, customer_id: uuid.UUID | None = None
) -> list[OfferOut]:
    query = select(OfferRevision.offer_id).distinct()
    if customer_id:
        query = query.where(OfferRevision.customer_id == customer_id)
    with db.read() as session:
        return [_offer(session, offer_id, clock().date()) for offer_id in session.exec(query)]


@router.get("/offers/{offer_id}", tags=["field sales"], summary="One offer and its revisions")
def get_offer(offer_id: uuid.UUID, db: DbDep, clock: ClockDep, _user: ViewerDep) -> OfferOut:
    with db.read() as session:
        return _offer(session, offer_id, clock().date())


def _offer(session: Any, offer_id: uuid.UUID, today: date) -> OfferOut:
    revisions = offer_revisions(session, offer_id)
    if not revisions:
        raise not_found("offer", offer_id)
    return OfferOut(
        offer_id=offer_id,
        status=offer_status(session, revisions, today=today),
        customer_id=revisions[-1].customer_id,
        latest_revision=revisions[-1].revision,
        revisions=revisions,
    )


@router.get("/deal-stage-moves", tags=["field sales"], summary="Stage moves, oldest first")
def list_moves(
    db: DbDep, _user: ViewerDep, deal_id: uuid.UUID | None = None, limit: Limit = 500
) -> list[StageMove]:
    query = select(StageMove)
    if deal_id:
        query = query.where(StageMove.deal_id == deal_id)
    with db.read() as session:
        query = query.order_by(StageMove.moved_at, StageMove.received_at).limit(limit)
        return list(session.exec(query))


@router.get("/activities", tags=["field sales"], summary="Visits, calls, meetings and tasks")
def list_activities(
    db: DbDep,
    _user: ViewerDep,
    customer_id: uuid.UUID | None = None,
    rep_user_id: uuid.UUID | None = None,
    limit: Limit = 500,
) -> list[FieldActivity]:
    query = select(FieldActivity)
    if customer_id:
        query = query.where(FieldActivity.customer_id == customer_id)
    if rep_user_id:
        query = query.where(FieldActivity.rep_user_id == rep_user_id)
    with db.read() as session:
        return list(session.exec(query.order_by(FieldActivity.starts_at).limit(limit)))
