"""A return found by scanning the receipt's printed barcode (with a manager's approval),
and a shift close: cash out, X report, count by denomination, Z report on paper."""

from __future__ import annotations

import pytest
from ui_driver import dialog, find, sign_in, wedge_scan

from kassa.core.money import Money
from kassa.devices.receipt_text import Barcode
from kassa.terminal.services.events import Tender

pytestmark = pytest.mark.ui


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


def sold_before(rig) -> str:
    """Earlier today, through the services: a shift with a 100.00 float and one cash sale."""
    pos = rig.pos
    pos.auth.login("9999")
    pos.shift.open(opening_float=eur("100.00"))
    pos.sale.scan("4006381333931")  # Milk 1 l, 1.29
    pos.sale.scan("036000291452")  # Red wine, 8.99
    done = pos.sale.checkout([Tender("cash", eur("20.00"))])
    pos.auth.logout()
    return done.number


def test_return_by_scanning_the_receipt_barcode(ui, rig):
    number = sold_before(rig)
    printed = rig.printed()
    codes = [b.data for b in rig.printer.decoded().of(Barcode)]
    assert number in codes, printed

    term = ui_terminal(ui, rig)
    frame = term.frame
    sign_in(ui, term, "1111")  # Anna, a cashier: returns need a manager
    assert frame.manager.current == "sell"
    ui.tap(find(frame.screen("sell"), "return"))
    returns = frame.screen("returns")
    wedge_scan(ui.window, number)
    ui.settle()
    assert term.refund.found, term.refund.error
    milk = next(row for row in term.refund.lines if row["name"] == "Milk 1 l")
    ui.tap(find(returns, f"plus_{milk['line_id']}"))
    ui.tap(find(returns, f"plus_{milk['line_id']}"))  # only one was sold
    assert "Only 1 of Milk 1 l" in term.refund.error
    ui.tap(find(returns, "reason_0"))
    assert term.refund.refund_text == "1.29 €"
    assert term.refund.plan_text == "Back: Cash 1.29 €"
    ui.screenshot("returns")

    ui.tap(find(returns, "refund"))
    approval = frame.approval
    assert approval.get_parent_window() is not None, term.refund.error
    ui.type_keys(approval.ids.keypad, "9999")
    ui.screenshot("approval")
    ui.tap(approval.ids.keypad.key("enter"))
    assert approval.get_parent_window() is None, term.shell.error
    assert term.refund.info.startswith("Return S01-T01-000002: refunded 1.29 €"), term.refund.info

    slip = next(page for page in rig.printed() if any("S01-T01-000002" in x for x in page))
    text = "\n".join(slip)
    assert "Milk 1 l" in text and "1.29" in text and number in text, text
    term.close()


@pytest.mark.slow
def test_close_the_shift_with_a_count_and_print_the_z_report(ui, rig):
    sold_before(rig)  # float 100.00 + cash sale 10.28 = 110.28 in the drawer
    term = ui_terminal(ui, rig)
    frame = term.frame
    sign_in(ui, term, "9999")
    ui.tap(find(frame.screen("sell"), "shift"))
    shift = frame.screen("shift")
    assert term.shift.mode == "open"
    ui.screenshot("shift")

    # 10.00 out to the bank.
    ui.tap(find(shift, "cash_out"))
    amount = dialog()
    ui.type_keys(amount.ids.keypad, "10")
    ui.tap(amount.ids.keypad.key("enter"))
    ui.tap(find(dialog(), "choice_Bank drop"))
    assert term.shift.info == "Cash out 10.00 €: Bank drop", term.shift.error
    ui.tap(find(shift, "x_report"))
    assert term.shift.info == "X report printed", term.shift.error

    # Count 100.28: 50 + 2 x 20 + 10 + 0.20 + 0.05 + 0.02 + 0.01.
    ui.tap(find(shift, "start_close"))
    assert term.shift.mode == "count"
    for minor, pieces in ((5000, "1"), (2000, "2"), (1000, "1"), (20, "1"), (5, "1")):
        ui.tap(find(shift, f"count_{minor}"))
        keypad = dialog().ids.keypad
        ui.type_keys(keypad, pieces)
        ui.tap(keypad.key("enter"))
    ui.tap(find(shift, "plus_2"))
    ui.tap(find(shift, "plus_1"))
    assert term.shift.counted_text == "100.28 €", term.shift.error
    assert term.shift.expected_text == "100.28 €"
    assert term.shift.difference_text == "EXACT"
    ui.screenshot("shift_count")
    assert shift.ids.difference.text == "EXACT"

    ui.tap(find(shift, "close_shift"))
    assert term.shift.mode == "closed", term.shift.error
    assert term.shift.info.startswith("Z report") and "printed" in term.shift.info
    ui.screenshot("shift_closed")
    z = next(page for page in rig.printed() if any("Z REPORT" in line for line in page))
    text = "\n".join(" ".join(line.split()) for line in z)
    assert "Kassa Demo Store" in text and "Sales receipts 1" in text, text
    assert "Cash 100.28 100.28 0.00" in text and "Cash out -10.00" in text, text
    term.close()


def ui_terminal(ui, rig):
    from kassa.terminal.ui.terminal import Terminal

    term = Terminal(rig.pos, status_every=0.2)
    ui.workers.append(term.worker)
    ui.window.add_widget(term.frame)
    term.attach(ui.window)
    ui.settle()
    return term


def test_a_count_in_progress_survives_a_restart(ui, rig):
    sold_before(rig)
    term = ui_terminal(ui, rig)
    sign_in(ui, term, "9999")
    ui.tap(find(term.frame.screen("sell"), "shift"))
    shift = term.frame.screen("shift")
    ui.tap(find(shift, "start_close"))
    ui.tap(find(shift, "plus_5000"))
    ui.tap(find(shift, "plus_2000"))
    assert term.shift.counted_text == "70.00 €", term.shift.error
    term.close()
    ui.window.remove_widget(term.frame)

    rig.restart()  # the till goes off and on in the middle of the count
    term = ui_terminal(ui, rig)
    sign_in(ui, term, "9999")
    ui.tap(find(term.frame.screen("sell"), "shift"))
    assert term.shift.mode == "count"
    assert term.shift.counted_text == "70.00 €"
    assert term.shift.expected_text == "110.28 €"
    assert term.shift.difference_text == "40.28 € SHORT"
    counts = {p["minor"]: p["count"] for p in term.shift.pieces}
    assert counts[5000] == "1" and counts[2000] == "1" and counts[1000] == "0"
    term.close()
