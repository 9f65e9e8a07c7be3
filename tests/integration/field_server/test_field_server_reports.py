"""Report figures match the facts they summarise (every expectation worked out by hand).

The store is in Vienna (UTC+1 in March): the till sale at 23:30 UTC on 2 March
belongs to 3 March there.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from field_world import net_line, totals

from kassa.core.ids import new_id
from kassa.sync.field_facts import DealStageMoveFact, OrderCancelledFact, SalesOrderFact


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def receipt(cashier: dict, kind: str, lines: list, taxes: list, total: int) -> dict:
    return {
        "kind": kind,
        "currency": "EUR",
        "cashier": cashier,
        "lines": lines,
        "taxes": taxes,
        "total": total,
    }


@pytest.fixture
def facts(world):
    store = world.store | {"timezone": "Europe/Vienna"}
    body = {k: v for k, v in store.items() if k not in ("id", "version", "deleted", "updated_at")}
    assert world.client.put(
        f"/api/v1/stores/{store['id']}", json=body, headers=world.headers
    ).is_success
    role = world.get("roles")[0]["id"]
    anna = world.create("users", code="anna", name="Anna", role_id=role)
    cashier = {"id": anna["id"], "name": "Anna", "role": "cashier"}
    tea = {"sku": "TEA", "name": "Tea", "tax_rate": "20"}
    sold = tea | {"quantity": "2", "net": 400, "tax": 80, "total": 480}
    std = {"code": "STD", "rate": "20", "net": 400, "tax": 80, "gross": 480}
    sale = receipt(cashier, "sale", [sold], [std], 480)
    back = receipt(
        cashier,
        "return",
        [tea | {"quantity": "1", "total": 240}],
        [{"rate": "20", "gross": 240, "tax": 40, "net": 200}],
        240,
    )
    assert world.push("receipt", sale, at=at(2, 23, 30))["status"] == "stored"
    assert world.push("receipt", back, at=at(3, 10))["status"] == "stored"
    orders = []
    for when, lines in [
        (
            at(2, 10),
            [net_line("1", qty="2", price=1000), net_line("2", qty="1", price=333, rate="10")],
        ),
        (at(3, 9), [net_line("1", qty="1.5", price=1000)]),
        (at(3, 12), [net_line("1", qty="9", price=1000)]),  # cancelled below: never counted
    ]:
        order = SalesOrderFact(
            order_id=new_id(),
            customer=world.customer,
            rep=world.rep,
            currency="EUR",
            lines=lines,
            **totals(lines),
        )
        assert world.push("sales_order", order, at=when)["status"] == "stored"
        orders.append(order)
    cancel = OrderCancelledFact(order_id=orders[2].order_id, reason="mistake", rep=world.rep)
    assert world.push("order_cancelled", cancel, at=at(3, 13))["status"] == "stored"
    deals = [world.deal["id"]] + [
        world.create(
            "deals",
            customer_id=str(world.customer.customer_id),
            title=f"Deal {n}",
            stage_id=world.stage("LEAD"),
            currency="EUR",
        )["id"]
        for n in (2, 3)
    ]
    for deal, stage, outcome, when, extra in [
        (deals[0], "PROPOSAL", "open", at(2, 11), {}),
        (deals[1], "PROPOSAL", "open", at(3, 8), {}),
        (deals[1], "LOST", "lost", at(3, 20), {"lost_reason": "too expensive"}),
        (deals[0], "WON", "won", at(4, 17), {"order_id": orders[0].order_id}),
        (deals[2], "WON", "won", at(5, 9), {"order_id": orders[1].order_id}),
    ]:
        move = DealStageMoveFact(
            deal_id=deal,
            to_stage_id=world.stage(stage),
            outcome=outcome,
            moved_at=when,
            rep=world.rep,
            **extra,
        )
        assert world.push("deal_stage_move", move, at=when)["status"] == "stored"
    # a deal the tablet created in LEAD at 08:00 and moved to PROPOSAL at 10:00 (2 h in LEAD)
    born = new_id()
    create = {
        "row_id": str(born),
        "base_version": 0,
        "create": True,
        "changes": {
            "customer_id": str(world.customer.customer_id),
            "title": "Tablet deal",
            "stage_id": world.stage("LEAD"),
            "currency": "EUR",
        },
    }
    assert world.push("deal_edit", create, at=at(2, 8))["status"] == "stored"
    move = DealStageMoveFact(
        deal_id=born, to_stage_id=world.stage("PROPOSAL"), moved_at=at(2, 10), rep=world.rep
    )
    assert world.push("deal_stage_move", move, at=at(2, 10))["status"] == "stored"
    rita = world.rep_row["id"]
    world.create(
        "sales-targets",
        user_id=rita,
        period_start="2026-03-01",
        period_end="2026-03-31",
        amount_minor=10000,
        currency="EUR",
    )
    world.create(
        "sales-targets",
        user_id=rita,
        period_start="2026-02-01",
        period_end="2026-02-28",
        amount_minor=5000,
        currency="EUR",
    )
    return world


def rows(world, kind: str, start: str = "2026-03-01", end: str = "2026-03-31") -> list[list[str]]:
    answer = world.client.get(
        f"/api/v1/reports/{kind}",
        params={"from": start, "to": end, "format": "csv"},
        headers=world.headers,
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(answer.text)))


HEAD = ["currency", "documents", "net", "tax", "total"]


def test_sales_by_day_uses_the_stores_local_day(facts):
    assert rows(facts, "sales-by-day") == [
        ["day", *HEAD],
        ["2026-03-02", "EUR", "1", "23.33", "4.33", "27.66"],
        [
            "2026-03-03",
            "EUR",
            "3",
            "17.00",
            "3.40",
            "20.40",
        ],  # sale 4.80, return -2.40, order 18.00
    ]
    assert rows(facts, "sales-by-day", "2026-03-03", "2026-03-03")[1:] == [
        ["2026-03-03", "EUR", "3", "17.00", "3.40", "20.40"]
    ]


def test_sales_by_store_terminal_and_rep(facts):
    assert rows(facts, "sales-by-store")[1:] == [
        ["S1", "Shop", "EUR", "4", "40.33", "7.73", "48.06"]
    ]
    terminal = facts.tablet["terminal_code"]
    assert rows(facts, "sales-by-terminal")[1:] == [
        ["S1", terminal, "EUR", "4", "40.33", "7.73", "48.06"]
    ]
    assert rows(facts, "sales-by-rep") == [
        ["user", "user_name", *HEAD],
        ["anna", "Anna", "EUR", "2", "2.00", "0.40", "2.40"],
        ["rita", "Rita Rep", "EUR", "2", "38.33", "7.33", "45.66"],
    ]


def test_sales_by_product_nets_returns(facts):
    assert rows(facts, "sales-by-product") == [
        ["sku", "name", "currency", "quantity", "net", "tax", "total"],
        ["SKU-1", "Product 1", "EUR", "3.5", "35.00", "7.00", "42.00"],
        ["SKU-2", "Product 2", "EUR", "1", "3.33", "0.33", "3.66"],
        ["TEA", "Tea", "EUR", "1", "2.00", "0.40", "2.40"],
    ]


def test_stage_durations_and_win_rate(facts):
    # Proposal: deal 1 from 2 Mar 11:00 to 4 Mar 17:00 (54 h), deal 2 from 08:00 to 20:00 (12 h);
    # deals made at head office have no known start in their first stage
    assert rows(facts, "stage-durations") == [
        ["pipeline", "position", "stage", "stage_name", "stays", "total_hours", "average_hours"],
        ["B2B", "0", "LEAD", "Lead", "1", "2.00", "2.00"],  # from the tablet's create
        ["B2B", "1", "PROPOSAL", "Proposal", "2", "66.00", "33.00"],
    ]
    assert rows(facts, "win-rate") == [
        ["rep", "won", "lost", "closed", "win_rate_percent"],
        ["rita", "2", "1", "3", "66.7"],
        ["(all)", "2", "1", "3", "66.7"],
    ]
    assert rows(facts, "win-rate", "2026-03-05", "2026-03-31")[1] == [
        "rita",
        "1",
        "0",
        "1",
        "100.0",
    ]


def test_target_attainment_counts_the_reps_orders_net(facts):
    # 23.33 + 15.00 net (the cancelled 90.00 does not count) against 100.00
    assert rows(facts, "target-attainment") == [
        [
            "rep",
            "rep_name",
            "period_start",
            "period_end",
            "currency",
            "target",
            "achieved",
            "attainment_percent",
        ],
        ["rita", "Rita Rep", "2026-03-01", "2026-03-31", "EUR", "100.00", "38.33", "38.3"],
    ]


def test_json_amounts_are_decimal_strings(facts):
    answer = facts.get("reports/sales-by-day", **{"from": "2026-03-02", "to": "2026-03-02"})
    assert answer["rows"] == [
        {
            "day": "2026-03-02",
            "currency": "EUR",
            "documents": 1,
            "net": "23.33",
            "tax": "4.33",
            "total": "27.66",
        }
    ]


def test_bad_requests_say_what_is_wrong(facts):
    answer = facts.client.get(
        "/api/v1/reports/sales-by-moon",
        params={"from": "2026-03-01", "to": "2026-03-02"},
        headers=facts.headers,
    )
    assert answer.status_code == 404 and "one of: sales-by-day" in answer.json()["message"]
    answer = facts.client.get(
        "/api/v1/reports/sales-by-day",
        params={"from": "2026-03-05", "to": "2026-03-01"},
        headers=facts.headers,
    )
    assert answer.status_code == 422 and "before it starts" in answer.json()["message"]


@pytest.mark.slow
def test_the_cli_writes_xlsx_with_the_same_figures_and_issues_invoices(facts, field_db, tmp_path):
    out = tmp_path / "reports" / "by-rep.xlsx"
    kassa = [sys.executable, "-m", "kassa", "server"]
    done = subprocess.run(
        [
            *kassa,
            "report",
            "sales-by-rep",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--format",
            "xlsx",
            "--output",
            str(out),
            "--database-url",
            field_db.url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["user", "user_name", *HEAD]
    assert values[2][:4] == ["rita", "Rita Rep", "EUR", 2]
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in values[2][4:]] == [
        Decimal("38.33"),
        Decimal("7.33"),
        Decimal("45.66"),
    ]
    facts.post(
        f"sales-orders/{facts.get('sales-orders', status='entered')[0]['id']}/status",
        {"status": "delivered"},
    )
    done = subprocess.run(
        [*kassa, "invoice", "--database-url", field_db.url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("S1-2026/1\t") and "1 invoice(s) issued" in done.stderr


def test_pipeline_value_weighs_open_deals_by_their_chance(world):
    talks = world.create(
        "pipeline-stages", code="TALKS", name="Talks", position=5, probability=80,
        pipeline_id=world.stages["LEAD"]["pipeline_id"],
    )["id"]  # fmt: skip
    for title, stage, minor, currency, extra in (
        ("Stage's chance", talks, 100005, "EUR", {"expected_close": "2026-03-15"}),
        ("Own chance", talks, 33333, "EUR", {"probability": 45, "expected_close": "2026-03-31"}),
        ("Closes later", talks, 99900, "EUR", {"expected_close": "2026-04-02"}),
        ("Already won", world.stage("WON"), 77700, "EUR", {}),
        ("Shelved", talks, 55500, "EUR", {"archived": True}),
        ("Dollars", talks, 10000, "USD", {"probability": 10, "labels": ["export"]}),
    ):
        world.create(
            "deals", customer_id=world.customer_row["id"], title=title, stage_id=stage,
            amount_minor=minor, currency=currency, **extra,
        )  # fmt: skip
    # 1000.05 x 80 % = 800.04; 333.33 x 45 % = 149.9985 -> 150.00; world's deal: Lead, 0 %
    assert rows(world, "pipeline-value") == [
        ["pipeline", "position", "stage", "stage_name", "currency",
         "deals", "undated", "expected", "weighted"],
        ["B2B", "0", "LEAD", "Lead", "EUR", "1", "1", "5000.00", "0.00"],
        ["B2B", "5", "TALKS", "Talks", "EUR", "2", "0", "1333.38", "950.04"],
        ["B2B", "5", "TALKS", "Talks", "USD", "1", "1", "100.00", "10.00"],
    ]  # fmt: skip
    assert rows(world, "pipeline-value", "2026-04-01", "2026-04-30")[2][5:] == [
        "1", "0", "999.00", "799.20"
    ]  # fmt: skip
