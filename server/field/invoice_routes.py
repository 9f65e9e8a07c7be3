"""Head-office endpoints for invoicing and reports (under ``/api/v1``)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from sqlmodel import select

from kassa.server.api.deps import AdminDep, ClockDep, DbDep, ViewerDep
from kassa.server.field.invoicing import issue_pending, pending_invoice_orders
from kassa.server.field.reports import REPORTS, Period, build_report, render
from kassa.server.tables import InvoiceOrder

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=5000)]
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def _json(value: Any) -> Any:
    """Amounts as decimal strings (never floats), days as ISO dates."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value.isoformat() if isinstance(value, date) else value


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
