"""What the customer and the manager read on paper: a day on the terminal built by
``build_pos``, printed through python-escpos into the TCP printer simulator and
decoded back to text. The header is the synced store row (name, address, tax
number), times are the store's local time (Europe/Vienna: 09:30 UTC is 10:30), and
every amount is the one the fact recorded."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import update

from kassa.core.money import Money
from kassa.core.money_format import format_amount
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.sync.models import Store
from kassa.sync.replica.migrate import open_replica
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.adapters.demo_catalog import seed_demo
from kassa.terminal.services.events import Tender


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def amt(minor: int) -> str:
    return format_amount(Money(int(minor), "EUR"))


class Clock:
    at = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # 10:30 in Vienna

    def now(self) -> datetime:
        return self.at


class NoSync:
    def nudge(self) -> None:
        pass


@pytest.fixture
def day(tmp_path):
    replica = open_replica(tmp_path / "device.sqlite3")
    ids = seed_demo(replica)
    with replica.engine.begin() as connection:
        connection.execute(
            update(Store.__table__)  # type: ignore[attr-defined]
            .where(Store.__table__.c.id == ids.store_id)  # type: ignore[attr-defined]
            .values(
                name="Kassa Demo Markt",
                address="Hauptstraße 1, 1010 Wien",
                tax_number="ATU12345678",
                timezone="Europe/Vienna",
            )
        )
    replica.dispose()
    sim = TcpPrinterSimulator().start()
    config = {
        "printer": {"connection": "network", "host": sim.host, "port": sim.port},
        "drawer": {"via": "printer"},
    }
    pos = build_pos(config, data_dir=tmp_path, overrides={"sync": NoSync(), "clock": Clock()})
    yield pos, sim, ids
    pos.close()
    sim.stop()


def _page(pos, sim, marker: str) -> list[str]:
    queue = pos.extras["devices"].queue
    deadline = time.monotonic() + 10
    while queue.pending():
        assert time.monotonic() < deadline, [(j.title, j.status) for j in queue.jobs()]
        time.sleep(0.02)
    pages = [page for page in sim.decoded().pages() if any(marker in line for line in page)]
    assert pages, sim.decoded().text
    return [" ".join(line.split()) for line in pages[-1]]  # columns padded: compare words


def test_receipt_return_slips_and_reports_read_as_recorded(day):
    pos, sim, ids = day
    pos.auth.login("9999")
    pos.shift.open(opening_float=eur("100"))
    ok = pos.auth.approve("9999", action="cash_movement")
    pos.shift.cash_in(eur("20"), reason="Wechselgeld", approval=ok)
    slip = _page(pos, sim, "CASH IN")
    assert slip[:4] == ["Kassa Demo Markt", "Hauptstraße 1", "1010 Wien", "Tax no. ATU12345678"]
    assert "Amount EUR 20.00" in slip and "Reason: Wechselgeld" in slip
    assert "23.11.2026 10:30" in slip and "Till T01 Max" in slip

    pos.auth.login("1111")
    pos.sale.scan("4006381333931")  # milk 1.29, tax B 7 %
    pos.sale.add(ids.products["CROISS"], quantity=Decimal(3))  # 3 x 1.20
    done = pos.sale.checkout([Tender("card", eur("2.00"), "AUTH1"), Tender("cash", eur("5"))])
    receipt = _page(pos, sim, done.number)
    fact = pos.sale.ctx.facts.by_number(done.number).payload
    assert receipt[:4] == slip[:4] and "RECEIPT" in receipt
    assert f"No. {done.number} 23.11.2026 10:30" in receipt, receipt
    assert "Cashier: Anna Till T01" in receipt
    assert "Milk 1 l 1.29 B" in receipt
    assert "Croissant" in receipt and "3 x 1.20 3.60 B" in receipt
    assert f"TOTAL EUR {amt(fact['total'])}" in receipt and amt(fact["total"]) == "4.89"
    assert "Card AUTH1 2.00" in receipt and "Cash 5.00" in receipt
    assert f"Change {amt(fact['change'])}" in receipt and amt(fact["change"]) == "2.11"
    for row in fact["taxes"]:
        net, tax, gross = (amt(row[k]) for k in ("net", "tax", "gross"))
        assert f"{row['code']} {Decimal(row['rate']).normalize()} % {net} {tax} {gross}" in receipt

    line_id = next(line["line_id"] for line in fact["lines"] if line["name"] == "Croissant")
    back = pos.returns.complete(
        receipt_number=done.number,
        quantities={line_id: Decimal(1)},
        reason="stale",
        approval=pos.auth.approve("9999", action="return"),
    )
    ret = _page(pos, sim, back.number)
    stored = pos.sale.ctx.facts.by_number(back.number).payload
    refund = amt(stored["total"])
    assert "RETURN" in ret and f"Returns receipt {done.number}" in ret
    assert f"-1 x 1.20 -{refund} B" in ret and f"REFUND EUR -{refund}" in ret, ret
    assert any(line.startswith("Card AUTH1") or line.startswith("Cash") for line in ret)

    pos.shift.x_report()
    x = _page(pos, sim, "X REPORT")
    assert "Interim figures - the shift stays open" in x
    assert "Opened 23.11.2026 10:30" in x and "Sales receipts 1" in x and "Return receipts 1" in x

    expected = pos.shift.current().expected_cash
    pos.auth.login("9999")
    pos.shift.count({1: expected.minor})  # counted exactly, in cents
    closed = pos.shift.close(approval=pos.auth.approve("9999", action="close_shift"))
    z = _page(pos, sim, "Z REPORT")
    assert f"Z REPORT {closed.z_number}" in z
    cash = amt(expected.minor)
    assert f"Cash {cash} {cash} 0.00" in z, z
    assert f"Grand total (never reset) {amt(closed.grand_total.minor)}" in z
    assert "Cash in 20.00" in z and "Opening float 100.00" in z
