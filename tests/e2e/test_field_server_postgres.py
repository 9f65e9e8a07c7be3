"""Head office's field sales on PostgreSQL: a tablet pushes its day over HTTP to a real
server process, head office delivers, invoices and reads its reports."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash
from kassa.server.changes import ChangeWriter
from kassa.server.office import create_user
from kassa.server.schema import upgrade
from kassa.server.store import Database
from kassa.sync.field_facts import (
    ActivityFact,
    CustomerRef,
    DealStageMoveFact,
    DocLine,
    OfferAcceptance,
    OfferFact,
    RepRef,
    SalesOrderFact,
    payload_of,
)
from kassa.sync.models import (
    Customer,
    Deal,
    Pipeline,
    PipelineStage,
    Role,
    SalesTarget,
    Store,
    User,
)
from kassa.sync.protocol import journal_fact

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
AT = datetime(2026, 6, 3, 9, 0, tzinfo=UTC)


def line(line_id: str, qty: str, price: int, *, optional: bool = False) -> DocLine:
    net = int(qty) * price
    return DocLine(
        line_id=line_id,
        product_id=new_id(),
        sku=f"P{line_id}",
        name=f"Product {line_id}",
        quantity=qty,
        unit_price_minor=price,
        tax_code="A",
        tax_rate="20",
        optional=optional,
        net_minor=net,
        tax_minor=net // 5,
        total_minor=net + net // 5,
    )


def sums(lines: list[DocLine]) -> dict[str, int]:
    counted = [x for x in lines if not x.optional]
    return {
        k: sum(getattr(x, k) for x in counted) for k in ("net_minor", "tax_minor", "total_minor")
    }


def seed(db: Database) -> dict:
    with db.write() as session:
        w = ChangeWriter(session, clock=lambda: AT)
        store = w.save(Store(code="S1", name="Shop", timezone="Europe/Berlin"))
        role = w.save(Role(code="REP", name="Rep", permissions=["field_sales"]))
        rep = w.save(User(code="rita", name="Rita", role_id=role.id, store_id=store.id))
        pipe = w.save(Pipeline(code="B2B", name="Wholesale"))
        stages = {
            code: w.save(
                PipelineStage(
                    code=code,
                    name=code.title(),
                    pipeline_id=pipe.id,
                    position=n,
                    is_won=code == "WON",
                )
            )
            for n, code in enumerate(("LEAD", "PROPOSAL", "WON"))
        }
        customer = w.save(Customer(name="Café", store_id=store.id, payment_terms_days=30))
        deal = w.save(
            Deal(
                customer_id=customer.id,
                title="Coffee",
                stage_id=stages["LEAD"].id,
                currency="EUR",
                store_id=store.id,
            )
        )
        w.save(
            SalesTarget(
                user_id=rep.id,
                period_start=date(2026, 6, 1),
                period_end=date(2026, 6, 30),
                amount_minor=100000,
                currency="EUR",
            )
        )
        create_user(session, username="boss", password="correct horse", role="admin")
    return {"store": store.id, "rep": rep, "stages": stages, "customer": customer, "deal": deal}


def test_a_tablets_day_on_postgres(server_process, postgres_url):
    db = Database(postgres_url)
    upgrade(db)
    world = seed(db)
    server = server_process(postgres_url)
    api = httpx.Client(base_url=f"{server.url}/api/v1", timeout=10)
    token = api.post("/auth/login", json={"username": "boss", "password": "correct horse"})
    office = {"Authorization": f"Bearer {token.json()['token']}"}
    code = api.post(f"/stores/{world['store']}/enroll-codes", headers=office).json()["code"]
    tablet = api.post("/enroll", json={"code": code, "device_name": "tablet"}).json()
    device = {"Authorization": f"Bearer {tablet['token']}"}
    rep = RepRef(user_id=world["rep"].id, name="Rita")
    customer = CustomerRef(customer_id=world["customer"].id, name="Café")
    offered = [line("1", "3", 1000), line("2", "2", 500, optional=True)]
    offer = OfferFact(
        offer_id=new_id(),
        customer=customer,
        rep=rep,
        currency="EUR",
        lines=offered,
        valid_until=date(2026, 6, 30),
        **sums(offered),
    )
    taken = [line("1", "3", 1000), line("2", "2", 500)]
    order = SalesOrderFact(
        order_id=new_id(),
        customer=customer,
        rep=rep,
        currency="EUR",
        lines=taken,
        offer=OfferAcceptance(offer_id=offer.offer_id, revision=1, accepted_line_ids=["1", "2"]),
        deal_id=world["deal"].id,
        **sums(taken),
    )
    stages = world["stages"]
    facts = [
        (
            "activity",
            ActivityFact(
                activity_id=new_id(),
                kind="visit",
                status="done",
                rep=rep,
                customer_id=customer.customer_id,
                subject="Visit",
                starts_at=AT,
                outcome="interested",
            ),
        ),
        (
            "deal_stage_move",
            DealStageMoveFact(
                deal_id=world["deal"].id, to_stage_id=stages["PROPOSAL"].id, moved_at=AT, rep=rep
            ),
        ),
        ("offer", offer),
        ("sales_order", order),
        (
            "deal_stage_move",
            DealStageMoveFact(
                deal_id=world["deal"].id,
                to_stage_id=stages["WON"].id,
                outcome="won",
                moved_at=AT.replace(hour=15),
                rep=rep,
                order_id=order.order_id,
            ),
        ),
    ]
    pushed, last = [], GENESIS
    for seq, (kind, model) in enumerate(facts, start=1):
        payload, fact_id = payload_of(model), new_id()
        digest = chain_hash(
            last, journal_fact(id=fact_id, type=kind, seq=seq, device_time=AT, payload=payload)
        )
        pushed.append(
            {
                "id": str(fact_id),
                "type": kind,
                "seq": seq,
                "prev_hash": last,
                "hash": digest,
                "device_time": AT.isoformat(),
                "payload": payload,
            }
        )
        last = digest
    answer = api.post("/push", json={"facts": pushed}, headers=device).json()
    assert [r["status"] for r in answer["results"]] == ["stored"] * 5, answer

    assert api.get(f"/offers/{offer.offer_id}", headers=office).json()["status"] == "accepted"
    assert api.get(f"/deals/{world['deal'].id}", headers=office).json()["stage_id"] == str(
        stages["WON"].id
    )
    moved = api.post(
        f"/sales-orders/{order.order_id}/status", json={"status": "delivered"}, headers=office
    )
    assert moved.status_code == 200, moved.text
    [issued] = api.post("/invoices/issue", json={}, headers=office).json()
    assert (issued["series"], issued["number"], issued["total_minor"]) == ("S1-2026", 1, 4800)
    page = api.get("/pull", headers=device).json()
    tables = {c["table"]: c["data"] for c in page["changes"] if c["data"]}
    assert tables["invoices"]["number"] == 1 and tables["sales_orders"]["status"] == "invoiced"

    period = {"from": "2026-06-01", "to": "2026-06-30"}
    report = api.get("/reports/sales-by-product", params=period, headers=office).json()["rows"]
    assert [(r["sku"], r["quantity"], r["net"]) for r in report] == [
        ("P1", "3", "30.00"),
        ("P2", "2", "10.00"),
    ]
    durations = api.get("/reports/stage-durations", params=period, headers=office).json()["rows"]
    assert [(r["stage"], r["stays"], r["total_hours"]) for r in durations] == [
        ("PROPOSAL", 1, "6.00")
    ]
    attained = api.get("/reports/target-attainment", params=period, headers=office).json()["rows"]
    assert [(r["achieved"], r["attainment_percent"]) for r in attained] == [
        ("40.00", "4.0")
    ]  # of 1000.00
    xlsx = api.get("/reports/win-rate", params={**period, "format": "xlsx"}, headers=office)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    db.dispose()
