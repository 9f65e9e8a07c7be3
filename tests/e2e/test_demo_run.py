"""The README's run command, end to end, the way a newcomer meets it.

``kassa demo --no-terminal`` prepares the demo store at head office from CSV,
starts the server and the simulated printer and enrolls a terminal. Then the
terminal's services (what the window drives) sell on that device: the
cashier's PIN from the README signs in, a scanned item and a weighed label go
into the cart, cash pays, the receipt comes out of the simulated printer in
the demo's console, and ``kassa sync`` brings the sale to head office. The
rep's PIN from the login note opens field sales on the same terminal: her
target for this month, the demo's trade customers and their deals in the
pipeline; a deal's chance changed offline reaches head office with ``kassa sync``.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kassa.core.money import Money
from kassa.demo import PINS
from kassa.demo_catalog import write_demo_csvs
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.adapters.barcodes import with_value
from kassa.terminal.services.events import Tender
from kassa.terminal.services.field import field_sales_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(180)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def _wait_for(lines: queue.Queue, text: str, seen: list[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"{text!r} did not appear; output so far:\n{''.join(seen)}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-run") / "demo"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kassa",
            "demo",
            "--dir",
            str(folder),
            "--no-terminal",
            "--port",
            str(_free_port()),
            "--printer-port",
            str(_free_port()),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("KASSA_")},
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        _wait_for(lines, "Kassa demo is running", seen, 120)
        yield folder, lines, seen
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_newcomer_sells_on_the_demo_and_the_sale_reaches_head_office(demo):
    folder, lines, seen = demo
    device_dir = folder / "terminal"
    config = {
        "printer": {
            "connection": "network",
            "host": "127.0.0.1",
            "port": _port_from(device_dir / "kassa.toml"),
        },
        "scanner": {"rcn_region": "de"},
    }
    pos = build_pos(config, data_dir=device_dir)
    try:
        assert pos.auth.login("1234").operator.name == "Anna"  # the README's PIN
        pos.shift.open(opening_float=Money.of("100.00", "EUR"))
        barcodes = {row["sku"]: row["code"] for row in _csv(folder, "barcodes")}
        pos.sale.scan(barcodes["1002"])  # Croissant, 1.20
        pos.sale.scan(with_value(barcodes["1019"], 1235))  # Äpfel Boskop, a 1.235 kg label
        due = pos.sale.amount_due(cash=True)
        sale = pos.sale.checkout([Tender("cash", Money.of("20.00", "EUR"))])
        # 1.20 + 1.235 kg x 2.99 (3.69265 -> 3.69) = 4.89
        assert sale.total == Money.of("4.89", "EUR")
        assert due == sale.due
        assert sale.change == Money.of("20.00", "EUR") - sale.due
    finally:
        pos.close()

    _wait_for(lines, sale.number, seen, 30)  # the simulated printer printed it
    _wait_for(lines, "Change", seen, 10)
    printed = "".join(seen)
    assert "4.89" in printed or "4,89" in printed
    assert "Croissant" in printed and "Äpfel Boskop" in printed
    # the demo store's row (name, address, tax number) heads the receipt
    for header in ("Kassa Demo Markt", "Hauptstraße 1", "1010 Wien", "ATU12345678"):
        assert header in printed, printed
    vienna = sale.at.astimezone(ZoneInfo("Europe/Vienna"))
    assert f"{vienna:%H:%M}" in printed  # printed in the store's time (Vienna), not UTC

    env = {k: v for k, v in os.environ.items() if not k.startswith("KASSA_")}
    env.update(KASSA_DATA_DIR=str(device_dir), KASSA_CONFIG=str(device_dir / "kassa.toml"))
    subprocess.run([sys.executable, "-m", "kassa", "sync"], env=env, check=True, timeout=60)

    server_db = folder / "server" / "kassa-server.sqlite3"
    with sqlite3.connect(server_db) as db:
        receipts = db.execute(
            "select count(*) from facts where type = 'receipt' and status = 'stored'"
        ).fetchone()[0]
    assert receipts == 1


def test_the_reps_pin_from_the_login_note_opens_field_sales_on_the_demo(demo):
    folder, lines, seen = demo
    assert "sales rep Rita: PIN 5555" in PINS
    if PINS not in "".join(seen):
        _wait_for(lines, PINS, seen, 10)  # the login note in the demo's console
    device_dir = folder / "terminal"
    pos = build_pos({}, data_dir=device_dir)
    try:
        operator = pos.auth.login("5555").operator
        assert (operator.name, operator.role) == ("Rita (sales rep)", "rep")  # field home
        field = field_sales_for(pos)
        today = field.ctx.today()
        (target,) = field.targets.mine(on=today)
        assert target.target == Money.of("5000.00", "EUR") and target.period_start.day == 1
        assert target.period_start <= today <= target.period_end
        names = [c["name"] for c in field.customers.search("")]
        assert {"Café Central", "Hotel Sacher", "Gasthaus Zum Hirschen"} <= set(names)
        stages = field.pipeline.stages()
        assert [s["code"] for s in stages] == ["LEAD", "QUALIFIED", "PROPOSAL", "WON", "LOST"]
        assert [(s["is_won"], s["is_lost"]) for s in stages][3:] == [(True, False), (False, True)]
        assert all(s["colour"].startswith("#") and s["colour"] != "#9E9E9E" for s in stages)
        deals = {d["title"]: d for d in field.pipeline.list()}
        assert len(deals) == 4
        bakery = deals["Breakfast bakery"]
        assert (bakery["stage"]["code"], bakery["probability"]) == ("PROPOSAL", 70)
        assert bakery["labels"] == ["hotel", "big"] and bakery["weighted_minor"] == 595000
        beans = deals["Espresso beans for 2027"]
        assert (beans["probability"], beans["probability_from_stage"]) == (30, True)
        view = field.customer_360(beans["customer_id"])
        assert view.customer["contact_person"] == "Frau Huber"
        assert [d["title"] for d in view.deals] == ["Espresso beans for 2027"]
        hotel = field.customer_360(bakery["customer_id"])
        assert [a["kind"] for a in hotel.addresses] == ["main", "delivery", "billing"]
        assert hotel.contacts[-1]["role"] == "breakfast chef"
        field.pipeline.edit(bakery["id"], {"probability": 80, "labels": ["hotel"]})
    finally:
        pos.close()

    env = {k: v for k, v in os.environ.items() if not k.startswith("KASSA_")}
    env.update(KASSA_DATA_DIR=str(device_dir), KASSA_CONFIG=str(device_dir / "kassa.toml"))
    subprocess.run([sys.executable, "-m", "kassa", "sync"], env=env, check=True, timeout=60)
    with sqlite3.connect(folder / "server" / "kassa-server.sqlite3") as db:
        stored = db.execute(
            "select probability, labels from deals where title = 'Breakfast bakery'"
        ).fetchone()
        quarantined = db.execute("select count(*) from facts where status != 'stored'").fetchone()
    assert stored == (80, '["hotel"]') and quarantined == (0,)


def _port_from(path: Path) -> int:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("port = "):
            return int(line.split("=")[1])
    raise AssertionError(f"no printer port in {path}")


def _csv(folder: Path, kind: str) -> list[dict[str, str]]:
    import csv

    with (folder / "csv" / f"{kind}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_demo_catalog_files_import_in_order(tmp_path):
    kinds = [kind for kind, _ in write_demo_csvs(tmp_path)]
    assert kinds.index("products") < kinds.index("barcodes") < kinds.index("prices")
    assert kinds.index("roles") < kinds.index("users")
