"""The rep's tablet against head office (the real FastAPI app on a SQLite file, over
the real sync client's HTTP transport): master data pulled, a day's field work done
offline through the tablet's services, pushed with none of it quarantined, head
office delivers and invoices the order, the tablet pulls the status and the invoice
and prints it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from kassa.server.app import create_app
from kassa.server.office import create_user, open_session
from kassa.server.schema import upgrade
from kassa.server.settings import ServerSettings
from kassa.server.store import Database, sqlite_url
from kassa.server.tables import OfficeUser
from kassa.sync.client.credentials import load_credentials
from kassa.sync.client.enrollment import enroll_device
from kassa.sync.client.service import build_engine
from kassa.sync.client.transport import HttpTransport
from kassa.sync.replica.outbox import quarantined_facts
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.field import field_sales_for

URL = "http://127.0.0.1:8000"


class Office:
    def __init__(self, client: TestClient, headers: dict) -> None:
        self.client, self.headers = client, headers

    def device(self, token: str | None = None) -> HttpTransport:
        """The tablet's real HTTP transport, talking to this app in process."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = TestClient(self.client.app, base_url=URL + "/api/v1", headers=headers)
        return HttpTransport(base_url=URL, token=token, client=client)

    def create(self, kind: str, **fields) -> dict:
        answer = self.client.post(f"/api/v1/{kind}", json=fields, headers=self.headers)
        assert answer.status_code == 201, answer.text
        return answer.json()

    def get(self, path: str, **params):
        answer = self.client.get(f"/api/v1/{path}", params=params, headers=self.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post(self, path: str, body: dict):
        answer = self.client.post(f"/api/v1/{path}", json=body, headers=self.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()


class NoSync:
    """The tablet syncs when the test says so (the engine is driven by hand)."""

    def nudge(self) -> None:
        pass


@pytest.fixture
def office(tmp_path):
    db = Database(sqlite_url(tmp_path / "server.db"))
    upgrade(db)
    with db.write() as session:
        create_user(session, username="boss", password="correct horse", role="admin")
    with db.write() as session:
        user = session.exec(select(OfficeUser).where(OfficeUser.username == "boss")).one()
        token = open_session(session, user=user, now=datetime.now(UTC))
    app = create_app(ServerSettings(database_url=db.url), database=db)
    with TestClient(app) as client:
        yield Office(client, {"Authorization": f"Bearer {token}"})
    db.dispose()


def master_data(office: Office) -> dict:
    store = office.create("stores", code="S1", name="Wholesale", currency="EUR")
    role = office.create("roles", code="REP", name="Rep", permissions=["field_sales"])
    rep = office.create(
        "users", code="rita", name="Rita", role_id=role["id"], store_id=store["id"], pin="5555"
    )
    tax = office.create("taxes", code="A", name="Standard", rate="20")
    unit = office.create("units", code="pc", name="piece")
    products = {
        sku: office.create("products", sku=sku, name=name, tax_id=tax["id"], unit_id=unit["id"])
        for sku, name in (("WINE", "Red wine"), ("GLASS", "Wine glass"), ("OPENER", "Opener"))
    }
    prices = office.create(
        "price-lists", code="B2B", name="Trade", currency="EUR", includes_tax=False,
        store_id=store["id"],
    )  # fmt: skip
    for sku, minor in (("WINE", 600), ("GLASS", 250), ("OPENER", 900)):
        office.create(
            "price-list-items", price_list_id=prices["id"], product_id=products[sku]["id"],
            price_minor=minor, currency="EUR",
        )  # fmt: skip
    pipeline = office.create("pipelines", code="B2B", name="Wholesale")
    stages = {
        code: office.create(
            "pipeline-stages",
            code=code,
            name=code.title(),
            pipeline_id=pipeline["id"],
            position=n,
            probability=p,
            is_won=code == "WON",
            is_lost=code == "LOST",
        )
        for n, (code, p) in enumerate((("LEAD", 10), ("PROPOSAL", 60), ("WON", 100), ("LOST", 0)))
    }
    today = datetime.now(UTC).date()
    office.create(
        "sales-targets", user_id=rep["id"], period_start=(today - timedelta(days=3)).isoformat(),
        period_end=(today + timedelta(days=3)).isoformat(), amount_minor=100000, currency="EUR",
        store_id=store["id"],
    )  # fmt: skip
    code = office.client.post(
        f"/api/v1/stores/{store['id']}/enroll-codes", headers=office.headers
    ).json()["code"]
    return {"store": store, "stages": stages, "products": products, "code": code}


@pytest.mark.slow
def test_offline_day_synced_invoiced_and_printed(office, tmp_path):
    data = master_data(office)
    folder = tmp_path / "tablet"
    enroll_device(data_dir=folder, server_url=URL, code=data["code"], transport=office.device())
    pos = build_pos({}, data_dir=folder, overrides={"sync": NoSync()})
    try:
        credentials = load_credentials(folder)
        engine = build_engine(replica=pos.extras["replica"], credentials=credentials)
        # the app in process, for the pulls and pushes and the first sync's snapshot
        engine.transport = engine.snapshot.transport = office.device(credentials.token)
        engine.sync_once()  # the first pull: catalog, prices, stages, the rep
        pos.auth.login("5555")
        field = field_sales_for(pos)

        # Offline: a new customer, a visit, a deal to the proposal stage, an offer
        # with an optional line, the customer takes part of it: a sales order.
        customer = field.customers.create({"name": "Weinbar Süd", "city": "Graz"})
        field.customers.add_contact(customer["id"], name="Lena Süß", role="bar manager")
        field.agenda.log(
            kind="visit", subject="First visit", customer_id=customer["id"],
            starts_at=datetime.now(UTC), outcome="Interested in glasses",
        )  # fmt: skip
        deal = field.pipeline.create(
            customer_id=customer["id"], title="Bar opening", amount_minor=50000,
            probability=40, labels=["opening", "glasses"],
        )  # fmt: skip
        field.pipeline.move(deal["id"], data["stages"]["PROPOSAL"]["id"])
        products = data["products"]
        draft = field.drafts.new("offer", customer["id"], deal_id=deal["id"])
        assert draft.price_mode == "gross"  # no own list: the store's (net) prices, shown gross
        for sku, qty, optional in (
            ("WINE", "12", False),
            ("GLASS", "24", False),
            ("OPENER", "1", True),
        ):
            field.drafts.add_line(draft, products[sku]["id"], quantity=qty, optional=optional)
        offer = field.offers.save(draft)
        order = field.offers.accept(offer.offer.offer_id, ["L1", "L3"])
        assert order.order.total_minor == 12 * 720 + 1080  # gross of 6.00 and 9.00 at 20 %

        engine.sync_once()  # back online
        with reading(pos.extras["replica"]) as connection:
            assert quarantined_facts(connection) == []
        assert engine.outbox.pending_count() == 0
        pulled_customer = field.customers.get(customer["id"])
        assert pulled_customer.get("_pending") is None  # head office's row
        assert [c["name"] for c in pulled_customer["contacts"]] == ["Lena Süß"]
        assert office.get(f"customers/{customer['id']}")["contacts"][0]["role"] == "bar manager"
        assert field.pipeline.get(deal["id"])["stage"]["code"] == "PROPOSAL"
        at_office = office.get(f"deals/{deal['id']}")
        assert (at_office["probability"], at_office["labels"]) == (40, ["opening", "glasses"])
        pulled = field.pipeline.get(deal["id"])
        assert pulled.get("_pending") is None and pulled["labels"] == ["opening", "glasses"]
        assert (pulled["probability"], pulled["weighted_minor"]) == (40, 20000)
        (stored,) = office.get("sales-orders")
        assert stored["number"] == order.number and stored["total_minor"] == order.order.total_minor
        assert field.orders.get(order.order.order_id).status == "entered"

        # Head office delivers and invoices; the tablet pulls both and prints the invoice.
        office.post(f"sales-orders/{stored['id']}/status", {"status": "delivered"})
        engine.sync_once()
        assert field.orders.get(order.order.order_id).status == "delivered"
        (issued,) = office.post("invoices/issue", {})
        engine.sync_once()
        assert field.orders.get(order.order.order_id).status == "invoiced"
        (invoice,) = field.invoices.list(customer_id=customer["id"])
        assert invoice["total_minor"] == order.order.total_minor and invoice["id"] == uuid_of(
            issued
        )
        document = field.documents.invoice(invoice["id"])
        text = json.dumps(document.to_json())
        assert "INVOICE" in text and invoice["label"] in text and "Weinbar" in text
        view = field.customer_360(customer["id"])
        assert view.open_balance.minor == order.order.total_minor
        (target,) = field.targets.mine(on=datetime.now(UTC).date())
        assert (target.target.minor, target.achieved.minor) == (100000, order.order.net_minor)
    finally:
        pos.close()


def uuid_of(row: dict) -> uuid.UUID:
    return uuid.UUID(str(row["id"]))
