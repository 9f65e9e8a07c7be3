"""Issue 6, "Done when": a rep's day on a tablet, offline, then synced and invoiced.

Head office (a real ``kassa server serve`` process on a SQLite file) loads its
master data from CSV files (the importer of ``kassa server import``), the tablet enrolls and syncs
(``kassa enroll``, ``kassa sync``), and the rep works through the tablet's own
services (``terminal/services/field``) while the server is down: a new
customer, a visit, a deal moved to the proposal stage, an offer with an
optional line, part of it accepted as a sales order. Back online the tablet
syncs; head office sees every step through its API, delivers the order and
issues the invoice (``kassa server invoice``); the tablet pulls the invoice
and prints it on the TCP printer simulator.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sync_devices import Device, kassa
from sync_head_office import HeadOffice

from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.server.office import create_user
from kassa.sync.replica.outbox import pending_count, quarantined_facts
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.field import field_sales_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(240)]


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


class ManualSync:
    """The tablet's sync port: nudges are ignored; the test runs ``kassa sync`` itself."""

    def nudge(self) -> None:
        pass


def master_data(office: HeadOffice) -> None:
    office.import_csv(
        "stores",
        [{"code": "S01", "name": "Vienna", "currency": "EUR", "timezone": "Europe/Vienna"}],
        cli=False,
    )
    taxes = [
        {"code": "A", "name": "Standard", "rate": "20"},
        {"code": "B", "name": "Reduced", "rate": "10"},
    ]
    office.import_csv("taxes", taxes, cli=False)
    office.import_csv("units", [{"code": "pc", "name": "piece"}], cli=False)
    office.import_csv(
        "products",
        [
            {"sku": "WINE", "name": "Red wine 0.75 l", "tax": "A", "unit": "pc"},
            {"sku": "BREAD", "name": "Farmhouse bread", "tax": "B", "unit": "pc"},
            {"sku": "CROISS", "name": "Croissant", "tax": "B", "unit": "pc"},
        ],
        cli=False,
    )
    wholesale = {
        "code": "NET",
        "name": "Wholesale",
        "currency": "EUR",
        "includes_tax": "false",
        "store": "S01",
    }
    office.import_csv("price-lists", [wholesale], cli=False)
    office.import_csv(
        "prices",
        [
            {"price_list": "NET", "sku": "WINE", "price": "6.00"},
            {"price_list": "NET", "sku": "BREAD", "price": "3.50"},
            {"price_list": "NET", "sku": "CROISS", "price": "1.20"},
        ],
        cli=False,
    )
    office.import_csv(
        "roles", [{"code": "REP", "name": "Rep", "permissions": "field_sales"}], cli=False
    )
    office.import_csv(
        "users",
        [{"code": "rita", "name": "Rita", "role": "REP", "store": "S01", "pin": "5555"}],
        cli=False,
    )
    office.import_csv("pipelines", [{"code": "B2B", "name": "Wholesale"}], cli=False)
    stages = [
        ("LEAD", "10", "false", "false"),
        ("PROPOSAL", "50", "false", "false"),
        ("WON", "100", "true", "false"),
        ("LOST", "0", "false", "true"),
    ]
    office.import_csv(
        "pipeline-stages",
        [
            {
                "code": code,
                "name": code.title(),
                "pipeline": "B2B",
                "position": str(n),
                "probability": p,
                "won": won,
                "lost": lost,
            }
            for n, (code, p, won, lost) in enumerate(stages)
        ],
        cli=False,
    )
    target = {
        "user": "rita",
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
        "amount": "500.00",
        "currency": "EUR",
    }
    office.import_csv("sales-targets", [target], cli=False)


class Api:
    def __init__(self, url: str, token: str) -> None:
        self.client = httpx.Client(
            base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )

    def get(self, path: str, **params) -> object:
        answer = self.client.get(path, params=params)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post(self, path: str, body: dict) -> object:
        answer = self.client.post(path, json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()


def wait_printed(queue, deadline: float = 10.0) -> None:
    end = time.monotonic() + deadline
    while queue.pending():
        assert time.monotonic() < end, "the print queue did not empty"
        time.sleep(0.02)


def test_a_reps_offline_day_reaches_head_office_and_the_invoice_comes_back(
    server_process, tmp_path
):
    server = server_process()
    office = HeadOffice(server.database_url, workdir=tmp_path / "office")
    (tmp_path / "office").mkdir(exist_ok=True)
    master_data(office)
    with office.db.write() as session:
        create_user(session, username="boss", password="correct horse", role="admin")
    login = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "boss", "password": "correct horse"}
    )
    api = Api(server.url, login.json()["token"])

    device = Device(tmp_path / "tablet")
    [store] = api.get("stores")
    code = api.client.post(f"stores/{store['id']}/enroll-codes").json()["code"]
    device.enroll(server_url=server.url, code=code)
    assert device.sync().returncode == 0
    device.close()

    printer = TcpPrinterSimulator().start()
    clock = Clock(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    config = {"printer": {"connection": "network", "host": printer.host, "port": printer.port}}
    pos = build_pos(
        config, data_dir=device.data_dir, overrides={"clock": clock, "sync": ManualSync()}
    )
    try:
        pos.auth.login("5555")
        field = field_sales_for(pos)
        replica = pos.extras["replica"]
        stages = {s["code"]: s["id"] for s in field.pipeline.stages()}
        products = {p["sku"]: p["id"] for p in api.get("products")}

        # ---- offline: head office is down for the whole day on the road --------------
        server.stop()
        customer = field.customers.create(
            {"name": "Gasthaus Ober", "city": "Graz", "phone": "+43 316 1234"}
        )
        visit = field.agenda.log(
            kind="visit",
            subject="First visit",
            starts_at=clock.now(),
            duration_minutes=40,
            customer_id=customer["id"],
            location="Graz",
            outcome="Wants wine and bread",
        )
        deal = field.pipeline.create(
            customer_id=customer["id"], title="House wine", amount_minor=90000
        )
        clock.advance(hours=1)
        field.pipeline.move(deal["id"], stages["PROPOSAL"])
        draft = field.drafts.new("offer", customer["id"], deal_id=deal["id"])
        field.drafts.add_line(draft, uuid.UUID(products["WINE"]), quantity="12")
        field.drafts.add_line(draft, uuid.UUID(products["BREAD"]), quantity="4")
        field.drafts.add_line(draft, uuid.UUID(products["CROISS"]), quantity="10", optional=True)
        offer = field.offers.save(draft)
        # net prices: 12 x 6.00 + 4 x 3.50 = 86.00; tax 14.40 + 1.40 -> 101.80
        assert offer.offer.total_minor == 10180
        clock.advance(minutes=20)
        # the customer takes the wine and the optional croissants, not the bread
        order = field.offers.accept(offer.offer.offer_id, ["L1", "L3"])
        # 72.00 + 12.00 net; tax 14.40 + 1.20 -> 99.60
        assert (order.order.net_minor, order.order.total_minor) == (8400, 9960)
        assert order.status == "waiting to sync"
        with reading(replica) as connection:
            waiting = pending_count(connection)
        assert waiting >= 7  # customer, visit (2 revisions), deal, move, offer, order

        # ---- back online: the tablet syncs ---------------------------------------------
        server.start()
        synced = device.sync()
        assert synced.returncode == 0, synced.stderr
        with reading(replica) as connection:
            assert pending_count(connection) == 0
            assert quarantined_facts(connection) == []

        # ---- head office sees every step through its API --------------------------------
        [ober] = [c for c in api.get("customers") if c["name"] == "Gasthaus Ober"]
        assert ober["id"] == str(customer["id"]) and ober["city"] == "Graz"
        [seen] = api.get("activities", customer_id=ober["id"])
        assert (seen["kind"], seen["status"], seen["outcome"]) == (
            "visit",
            "done",
            "Wants wine and bread",
        )
        assert seen["id"] == str(visit.activity_id)
        assert api.get(f"deals/{deal['id']}")["stage_id"] == str(stages["PROPOSAL"])
        [move] = api.get("deal-stage-moves", deal_id=str(deal["id"]))
        assert move["to_stage_id"] == str(stages["PROPOSAL"])
        assert move["moved_at"].startswith("2026-11-23T09:30")
        kept = api.get(f"offers/{offer.offer.offer_id}")
        assert kept["status"] == "accepted" and kept["revisions"][0]["total_minor"] == 10180
        placed = api.get(f"sales-orders/{order.order.order_id}")
        assert placed["status"] == "entered" and placed["offer_id"] == str(offer.offer.offer_id)
        assert [line["sku"] for line in placed["lines"]] == ["WINE", "CROISS"]
        assert (placed["net_minor"], placed["total_minor"]) == (8400, 9960)

        # ---- head office confirms, delivers and invoices -------------------------------
        api.post(f"sales-orders/{placed['id']}/status", {"status": "confirmed"})
        api.post(f"sales-orders/{placed['id']}/status", {"status": "delivered"})
        issued = kassa("server", "invoice", "--database-url", server.database_url, env=office.env)
        assert issued.returncode == 0, issued.stderr
        series_number = issued.stdout.split("\t")[0]
        assert series_number.endswith("/1")
        [invoice] = api.get("invoices")
        assert invoice["customer_id"] == ober["id"] and invoice["total_minor"] == 9960
        report = api.get("reports/target-attainment", **{"from": "2026-11-01", "to": "2026-11-30"})
        assert [(r["rep"], r["achieved"]) for r in report["rows"]] == [("rita", "84.00")]

        # ---- the tablet pulls the invoice and the order's status, and prints it ----------
        assert device.sync().returncode == 0
        assert field.orders.get(order.order.order_id).status == "invoiced"
        [pulled] = field.invoices.list(customer_id=customer["id"])
        assert pulled["id"] == uuid.UUID(invoice["id"]) and pulled["total_minor"] == 9960
        (progress,) = field.targets.mine(on=clock.now().date())
        assert progress.achieved.minor == 8400  # the tablet agrees with head office's report
        field.documents.print("invoice", pulled["id"])
        wait_printed(pos.extras["devices"].queue)
        page = "\n".join(printer.decoded().pages()[-1])
        assert "INVOICE" in page and pulled["label"] in page and "Gasthaus Ober" in page
        # gross prices: 12 x 7.20 + 10 x 1.32 = 99.60; net 72.00 + 12.00, tax 14.40 + 1.20
        lines = [" ".join(line.split()) for line in page.splitlines()]
        assert "TOTAL EUR 99,60" in lines
        assert "A 20 % 72,00 14,40 86,40" in lines and "B 10 % 12,00 1,20 13,20" in lines
    finally:
        pos.close()
        printer.stop()
        office.close()
