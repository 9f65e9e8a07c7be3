"""Head-office endpoints for field sales: orders, offers, stage moves, activities,
invoice orders, invoicing and reports (under ``/api/v1``)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from sqlmodel import select

from kassa.server.api.deps import AdminDep, ClockDep, DbDep, ViewerDep
from kassa.server.changes import ChangeWriter
from kassa.server.errors import not_found
from kassa.server.field.invoicing import issue_pending, pending_invoice_orders
from kassa.server.field.offers import offer_revisions, offer_status
from kassa.server.field.orders import set_order_status
from kassa.server.field.reports import REPORTS, Period, build_report, render
from kassa.server.tables import FieldActivity, InvoiceOrder, OfferRevision, StageMove
from kassa.sync.models import SalesOrder

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=5000)]
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class StatusIn(BaseModel):
    status: Literal["confirmed", "delivered", "cancelled"]
    note: str = Field(default="", max_length=500)


class IssueIn(BaseModel):
    series: str | None = Field(default=None, max_length=20)


class IssuedOut(BaseModel):
    id: uuid.UUID
    series: str
    number: int
    invoice_order_id: uuid.UUID
    customer_id: uuid.UUID
    currency: str
    total_minor: int


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


def _json(value: Any) -> Any:
    """Amounts as decimal strings (never floats), days as ISO dates."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value.isoformat() if isinstance(value, date) else value


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


@router.get("/invoice-orders", tags=["invoicing"], summary="Invoice orders (pending first)")
def list_invoice_orders(
    db: DbDep, _user: ViewerDep, status: str | None = None, limit: Limit = 500
) -> list[InvoiceOrder]:
    with db.read() as session:
        if status == "pending":
            return pending_invoice_orders(session)[:limit]
        query = select(InvoiceOrder)
        if status:
            query = query.where(InvoiceOrder.status == status)
        return list(session.exec(query.order_by(InvoiceOrder.created_at).limit(limit)))


@router.post(
    "/invoices/issue",
    tags=["invoicing"],
    summary="Issue invoices for every pending invoice order (gapless numbers per series)",
)
def issue(body: IssueIn, db: DbDep, clock: ClockDep, _admin: AdminDep) -> list[IssuedOut]:
    issued = issue_pending(db, clock=clock, series=body.series)
    return [IssuedOut(**vars(invoice)) for invoice in issued]


@router.get(
    "/reports/{kind}",
    tags=["reports"],
    summary=f"A report as CSV, XLSX or JSON ({', '.join(REPORTS)})",
    response_model=None,
)
def report(
    kind: str,
    db: DbDep,
    _user: ViewerDep,
    from_: Annotated[date, Query(alias="from")],
    to: date,
    format: Literal["csv", "xlsx", "json"] = "json",
) -> Any:
    period = Period(from_, to)
    with db.read() as session:
        built = build_report(session, kind, period)
    if format == "json":
        rows = [{k: _json(v) for k, v in row.items()} for row in built.as_dicts()]
        return {"kind": kind, "from": from_.isoformat(), "to": to.isoformat(), "rows": rows}
    filename = f"{kind}_{from_}_{to}.{format}"
    return Response(
        content=render(built, format),
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
