"""The till starts on records someone changed: the startup check (``kassa verify``'s
audit, off the UI thread) finds it, a red banner tells the manager on every screen,
a security event goes to head office, and selling goes on."""

from __future__ import annotations

import sqlite3

import pytest
from ui_driver import ROUTERS, find, sign_in, wedge_scan

from kassa.core.money import Money
from kassa.sync.client.credentials import database_path
from kassa.terminal.bootstrap import build_pos
from kassa.terminal.services.events import Tender

pytestmark = [pytest.mark.ui, pytest.mark.slow]


def _two_sales_then_reorder_them(rig) -> None:
    pos = rig.pos
    pos.auth.login("9999")
    pos.shift.open(opening_float=Money.of("100", "EUR"))  # fact 1
    for _ in range(2):  # facts 2 and 3
        pos.sale.scan("96385074")
        pos.sale.checkout([Tender("cash", Money.of("5", "EUR"))])
    pos.close()
    db = sqlite3.connect(database_path(rig.folder))
    for statement in (
        "DROP TRIGGER fact_no_update",
        "UPDATE fact SET seq = 100 WHERE seq = 2",
        "UPDATE fact SET seq = 2 WHERE seq = 3",
        "UPDATE fact SET seq = 3 WHERE seq = 100",
    ):
        db.execute(statement)
    db.commit()
    db.close()


def test_changed_records_show_a_red_banner_and_selling_goes_on(ui, rig):
    from kassa.terminal.ui.terminal import Terminal

    _two_sales_then_reorder_them(rig)
    rig.pos = build_pos(rig.config, data_dir=rig.folder)  # the till starts on that file
    check = rig.pos.extras["integrity"]
    report = check.wait(timeout=20)
    assert report is not None and not report.ok
    term = Terminal(rig.pos, status_every=0.1)
    ui.workers.append(term.worker)
    ui.window.add_widget(term.frame)
    term.attach(ui.window)
    ROUTERS.append(term.scans)
    try:
        term.status.refresh()
        ui.settle()
        banner = term.frame.ids.integrity
        assert banner.text.startswith("MANAGER: this till's records failed their check")
        assert "hash mismatch at sequence 2" in banner.text
        assert "Selling goes on" in banner.text and "head office" in banner.text
        assert banner.height >= 48 and banner.opacity == 1
        event = rig.pos.sale.ctx.facts.last(["security_event"])
        assert event is not None and event.payload["found_by"] == "startup"

        sign_in(ui, term, "1111")  # the cashier sells as always
        assert term.frame.manager.current == "sell"
        wedge_scan(ui.window, "4006381333931")
        ui.settle()
        assert [row["name"] for row in term.sale.lines] == ["Milk 1 l"], term.sale.error
        assert term.frame.ids.integrity.text == banner.text  # it stays
        ui.screenshot("integrity_banner")
        ui.tap(find(term.frame.screen("sell"), "pay"))
        ui.tap(term.frame.screen("payment").ids.keypad.key("enter"))
        ui.tap(find(term.frame.screen("payment"), "complete"))
        assert term.frame.manager.current == "paid", term.payment.error
        assert term.payment.last_number == "S01-T01-000003"
    finally:
        ROUTERS.remove(term.scans)
        term.close()
