"""Scans on the screens: a serial scanner (pty simulator) and a keyboard-wedge scanner
feed the sale and the return screens; a person typing on a keyboard is not a scan;
a scan where it means nothing is refused with a message, not lost silently."""

from __future__ import annotations

import time

import pytest
from ui_driver import dialog, find, sign_in, wedge_scan

from kassa.core.money import Money
from kassa.terminal.services.adapters.barcodes import with_value
from kassa.terminal.services.events import Tender

pytestmark = pytest.mark.ui


def wait_for(ui, condition, *, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "nothing arrived in time"
        time.sleep(0.01)
        ui.settle()


def test_serial_and_wedge_scans_reach_the_screen_on_show(ui, rig, tmp_path):
    from kassa.devices.scanner.serial_scanner import SerialScanner
    from kassa.devices.sim.pty_scanner import PtyScannerSimulator
    from kassa.terminal.ui.terminal import Terminal

    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=Money.of("50.00", "EUR"))
    rig.pos.sale.scan("96385074")  # Butter 2.49
    sold = rig.pos.sale.checkout([Tender("cash", Money.of("2.49", "EUR"))])
    rig.pos.auth.logout()

    with PtyScannerSimulator() as gun:
        term = Terminal(rig.pos, status_every=0.2)
        ui.workers.append(term.worker)
        ui.window.add_widget(term.frame)
        scanner = SerialScanner(device=gun.path)
        term.attach(ui.window, serial_scanner=scanner)
        ui.settle()
        try:
            assert scanner.wait_ready(5)
            sign_in(ui, term, "1111")

            # "Qty x 2", then a serial scan on the sale screen, split like a slow UART.
            assert term.frame.manager.current == "sell", term.session.error
            sell = term.frame.screen("sell")
            ui.tap(find(sell, "qty_next"))
            keypad = dialog().ids.keypad
            ui.type_keys(keypad, "2")
            ui.tap(keypad.key("enter"))
            assert term.sale.multiplier == "2"
            # (a scan while a dialog is open is refused, not added behind it)
            ui.tap(find(sell, "qty_next"))
            gun.scan("4006381333931")
            wait_for(ui, lambda: "finish or cancel the open dialog" in term.shell.error)
            ui.tap(find(dialog(), "dialog_cancel"))
            assert term.sale.lines == [] and dialog() is None
            assert "open dialog" in term.shell.error  # until the next scan goes through
            gun.scan("4006381333931", chunks=3)
            wait_for(ui, lambda: term.sale.lines or term.sale.error)
            assert not term.sale.error, term.sale.error
            assert [row["name"] for row in term.sale.lines] == ["Milk 1 l"]
            assert term.sale.lines[0]["detail"] == "2 pc x 1.29 €"
            assert term.shell.error == ""
            assert term.sale.multiplier == ""

            # A scale's label: apples, 0.750 kg, weighed at the counter.
            wedge_scan(ui.window, with_value("2812340000002", 750))
            ui.settle()
            assert term.sale.lines[-1]["name"] == "Apples", term.sale.error
            assert term.sale.lines[-1]["detail"] == "0.75 kg x 2.99 €"
            assert term.sale.lines[-1]["amount"] == "2.24 €"  # 2.2425 rounded half up

            # A person typing digits on a keyboard (80 ms apart) is not a scan.
            for char in "4006381333931":
                ui.window.dispatch("on_key_down", ord(char), 0, char, [])
                time.sleep(0.08)
                ui.frames(1)
            ui.window.dispatch("on_key_down", 13, 0, None, [])
            ui.settle()
            assert len(term.sale.lines) == 2

            # Wedge scan into the focused search field: taken as a scan there too.
            sell.ids.search.focus = True
            ui.frames(2)
            for char in "96385074":
                sell.ids.search.insert_text(char)
            sell.ids.search.dispatch("on_text_validate")
            ui.settle()
            names = [row["name"] for row in term.sale.lines]
            assert names == ["Milk 1 l", "Apples", "Butter 250 g"]
            sell.ids.search.focus = False
            ui.frames(2)

            # On the payment screen a scan means nothing: refused with a message.
            ui.tap(find(sell, "pay"))
            wedge_scan(ui.window, "4006381333931")
            ui.settle()
            assert "scans work on the sale, return and reprint screens" in term.shell.error
            assert len(term.sale.lines) == 3
            ui.tap(find(term.frame.screen("payment"), "back"))

            # The return screen finds a receipt from a serial scan of its barcode.
            ui.tap(find(sell, "return"))
            gun.scan(sold.number)
            wait_for(ui, lambda: term.refund.found)
            assert term.refund.receipt.number == sold.number
            assert [row["name"] for row in term.refund.lines] == ["Butter 250 g"]
        finally:
            term.close()
