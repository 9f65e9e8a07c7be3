"""The screen speaks the store's time and knows the printer from the start: times in the
status bar and on the shift screen are the store's local time (its synced row's time
zone), and a printer out of paper shows before anything is printed."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from kassa.core.money import Money
from kassa.sync.client.state import SyncState
from kassa.sync.models import Store

pytestmark = [pytest.mark.ui, pytest.mark.slow]
VIENNA = ZoneInfo("Europe/Vienna")


def _in_vienna(rig) -> None:
    replica = rig.pos.extras["replica"]
    with replica.engine.begin() as connection:
        connection.execute(
            update(Store.__table__)  # type: ignore[attr-defined]
            .where(Store.__table__.c.id == rig.ids.store_id)  # type: ignore[attr-defined]
            .values(timezone="Europe/Vienna")
        )


def test_screen_times_are_the_store_local_time_and_the_printer_is_known_early(ui, rig):
    from kassa.terminal.ui.terminal import Terminal
    from kassa.terminal.ui.viewmodels.status import sync_text

    _in_vienna(rig)
    rig.printer.state.paper = "out"
    pos = rig.restart()  # the till starts with the roll out and nothing queued
    term = Terminal(pos, status_every=0.1)
    ui.workers.append(term.worker)
    ui.window.add_widget(term.frame)
    try:
        bar = term.frame.ids.status_bar
        deadline = time.monotonic() + 5
        while bar.ids.printer.text != "Printer: NO PAPER" and time.monotonic() < deadline:
            ui.frames(2)
            time.sleep(0.05)
        assert bar.ids.printer.text == "Printer: NO PAPER"
        assert pos.extras["devices"].queue.jobs() == []

        synced = SyncState(last_success=datetime(2026, 7, 1, 9, 30, tzinfo=UTC))
        assert "last sync 11:30" in sync_text(synced)[0]  # summer time in Vienna

        pos.auth.login("9999")
        opened = pos.shift.open(opening_float=Money.of("50", "EUR"))
        term.shift.refresh()
        ui.settle()
        rows = {row["label"]: row["value"] for row in term.shift.rows}
        assert rows["Opened"] == f"{opened.at.astimezone(VIENNA):%d.%m.%Y %H:%M}"
    finally:
        term.close()


def test_a_parked_sale_is_labelled_with_the_store_local_time(ui, rig):
    from ui_driver import ROUTERS, dialog, find, wedge_scan

    from kassa.terminal.ui.terminal import Terminal

    _in_vienna(rig)
    pos = rig.restart()
    pos.auth.login("9999")
    pos.shift.open(opening_float=Money.of("50", "EUR"))
    pos.auth.login("1111")
    term = Terminal(pos, status_every=0.1)
    ui.workers.append(term.worker)
    ui.window.add_widget(term.frame)
    term.attach(ui.window)
    ROUTERS.append(term.scans)
    try:
        term.shell.go("sell")
        ui.settle()
        wedge_scan(ui.window, "4006381333931")
        ui.settle()
        sell = term.frame.screen("sell")
        ui.tap(find(sell, "park"))
        [parked] = pos.sale.parked()
        vienna, utc = f"{parked.at.astimezone(VIENNA):%H:%M}", f"{parked.at:%H:%M}"
        assert vienna != utc  # Vienna is never on UTC
        assert parked.label == ""  # no clock time baked into the label
        assert term.sale.info == f"Parked the sale of {vienna} (1.29 €): Recall brings it back"
        ui.tap(find(sell, "recall"))
        (choice,) = dialog().ids.options.children
        assert choice.text == f"{vienna} Anna · 1 line · 1.29 €"
    finally:
        ROUTERS.remove(term.scans)
        term.close()
