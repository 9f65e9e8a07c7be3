"""``kassa server order-status`` and ``kassa server report`` refusals, in-process on a real file."""

from __future__ import annotations

from field_world import net_line, totals
from typer.testing import CliRunner

from kassa.cli import app
from kassa.core.ids import new_id
from kassa.sync.field_facts import SalesOrderFact


def run(*args: str):
    return CliRunner().invoke(app, ["server", *args])


def test_order_status_by_number_then_a_refused_move(world, field_db):
    lines = [net_line("1", qty="1", price=500)]
    order = SalesOrderFact(
        order_id=new_id(), number="SO-S1-T1-000001", customer=world.customer, rep=world.rep,
        currency="EUR", lines=lines, **totals(lines),
    )  # fmt: skip
    assert world.push("sales_order", order)["status"] == "stored"
    done = run("order-status", "SO-S1-T1-000001", "--status", "delivered",
               "--database-url", field_db.url)  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "is delivered" in done.output
    assert world.get("invoice-orders", status="pending")[0]["order_id"] == str(order.order_id)
    again = run("order-status", str(order.order_id), "--status", "cancelled",
                "--database-url", field_db.url)  # fmt: skip
    assert again.exit_code == 1 and "it can go to nothing (it is final)" in again.output
    unknown = run(
        "order-status", "SO-NOPE", "--status", "confirmed", "--database-url", field_db.url
    )
    assert unknown.exit_code == 1 and "no sales order 'SO-NOPE'" in unknown.output


def test_report_refuses_unknown_kinds_formats_and_backward_periods(field_db, tmp_path):
    out = str(tmp_path / "r.csv")
    base = ["--from", "2026-03-01", "--to", "2026-03-31", "--output", out,
            "--database-url", field_db.url]  # fmt: skip
    assert "unknown report 'sales-by-moon'" in run("report", "sales-by-moon", *base).output
    bad_format = run("report", "win-rate", *base, "--format", "pdf")
    assert bad_format.exit_code == 1 and "one of: csv, xlsx" in bad_format.output
    backwards = ["--from", "2026-03-31", "--to", "2026-03-01", "--output", out,
                 "--database-url", field_db.url]  # fmt: skip
    assert "before it starts" in run("report", "win-rate", *backwards).output
    assert not (tmp_path / "r.csv").exists()  # nothing written for a refused report
