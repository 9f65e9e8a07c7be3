"""The payment screen when it gets hard: a Swiss split tender (the card pays exactly,
only the cash part is rounded to 0.05), and a sale the device could not save (its
database held by another program): a dialog says what happened, that the sale is
still on screen, and Try again saves it once the database is free."""

from __future__ import annotations

import sqlite3

import pytest
from ui_driver import ROUTERS, dialog, find, sign_in, wedge_scan

from kassa.core.money import Money
from kassa.sync.client.credentials import database_path

pytestmark = [pytest.mark.ui, pytest.mark.slow]


def _terminal(ui, rig):
    from kassa.terminal.ui.terminal import Terminal

    term = Terminal(rig.pos, status_every=0.2)
    ui.workers.append(term.worker)
    ui.window.add_widget(term.frame)
    term.attach(ui.window)
    ROUTERS.append(term.scans)
    ui.settle()
    return term


def _close(ui, term) -> None:
    ROUTERS.remove(term.scans)
    for view in list(ui.window.children):
        ui.window.remove_widget(view)
    term.close()


def _open_shift_and_scan(ui, term) -> None:
    frame = term.frame
    sign_in(ui, term, "9999")
    shift = frame.screen("shift")
    ui.type_keys(shift.ids.float_pad, "100")
    ui.tap(shift.ids.float_pad.key("enter"))
    assert frame.manager.current == "sell", term.shift.error
    wedge_scan(ui.window, "4006381333931")  # milk 1.29
    ui.settle()
    wedge_scan(ui.window, "036000291452")  # wine 8.99
    ui.settle()
    assert len(term.sale.lines) == 2, term.sale.error


@pytest.fixture
def swiss_rig(tmp_path):
    from ui_rig import build_rig

    built = build_rig(tmp_path, currency="CHF", terminal={"cash_rounding_step": 5})
    yield built
    built.close()


def test_card_pays_exactly_and_the_cash_rest_is_rounded_to_five_rappen(ui, swiss_rig):
    rig = swiss_rig
    term = _terminal(ui, rig)
    try:
        _open_shift_and_scan(ui, term)
        wine = rig.pos.sale.view().lines[-1].line.line_id
        rig.pos.sale.override_price(wine, Money.of("8.74", "CHF"))  # marked down: 10.03
        term.sale.refresh()
        ui.settle()
        ui.tap(find(term.frame.screen("sell"), "pay"))
        payment, vm = term.frame.screen("payment"), term.payment
        assert vm.due_text == "10.03 CHF" and vm.due_note == "in cash 10.05 CHF"
        assert payment.ids.due_note.text.startswith("in cash 10.05")

        ui.type_keys(payment.ids.keypad, "5")
        ui.tap(find(payment, "card"))
        reference = dialog()
        ui.type_keys(reference.ids.keypad, "4711")
        ui.tap(reference.ids.keypad.key("enter"))
        # 5.03 is left: 5.05 in cash (rounded), or exactly 5.03 on a card
        assert (vm.rest_label, vm.rest_text) == ("STILL DUE", "5.05 CHF"), vm.error
        assert vm.rest_note == "Cash 5.05 CHF (rounded) or card 5.03 CHF"
        assert not vm.can_complete
        ui.screenshot("payment_rounding")

        ui.tap(payment.ids.keypad.key("enter"))  # Cash, nothing typed: the rounded rest
        assert [row["text"] for row in vm.tenders] == [
            "Card  5.00 CHF  ·  slip 4711",
            "Cash  5.05 CHF",
        ]
        assert (vm.rest_label, vm.rest_text) == ("CHANGE", "0.00 CHF")
        assert vm.rest_note == "Cash rounding +0.02 CHF is on the receipt"
        ui.tap(find(payment, "complete"))
        assert term.frame.manager.current == "paid", vm.error
        assert vm.receipt_text == (
            "Receipt S01-T01-000001 · paid 10.05 CHF (cash rounding +0.02 CHF)"
        )
        receipt = next(p for p in rig.printed() if any("S01-T01-000001" in x for x in p))
        lines = [" ".join(line.split()) for line in receipt]
        assert "Rounding 0.02" in lines, lines
        assert any(x.startswith("Card 4711") and x.endswith("5.00") for x in lines), lines
        assert any(x.startswith("Cash") and x.endswith("5.05") for x in lines), lines
        term.shell.go("shift")  # the shift's figures name the rounding booked
        term.shift.refresh()
        ui.settle()
        rows = {row["label"]: row["value"] for row in term.shift.rows}
        assert rows["Cash rounding"] == "0.02 CHF"
        assert rows["Expected in the drawer"] == "105.05 CHF"
    finally:
        _close(ui, term)


@pytest.fixture
def impatient_rig(tmp_path):
    from ui_rig import build_rig

    built = build_rig(tmp_path, terminal={"busy_timeout_seconds": 0.3})
    yield built
    built.close()


def _hold_the_database(folder) -> sqlite3.Connection:
    """Another program holding the device database's write lock (BEGIN IMMEDIATE)."""
    other = sqlite3.connect(database_path(folder), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO document_counter (kind, value) VALUES ('held', 1)")
    return other


def test_a_sale_that_could_not_be_saved_stays_on_screen_and_try_again_saves_it(ui, impatient_rig):
    rig = impatient_rig
    term = _terminal(ui, rig)
    try:
        _open_shift_and_scan(ui, term)
        ui.tap(find(term.frame.screen("sell"), "pay"))
        payment, vm = term.frame.screen("payment"), term.payment
        ui.type_keys(payment.ids.keypad, "20")
        ui.tap(payment.ids.keypad.key("enter"))
        cart = rig.pos.sale.view()

        other = _hold_the_database(rig.folder)
        try:
            ui.tap(find(payment, "complete"))
            shown = dialog()
            assert shown is payment.not_saved_dialog, "no not-saved dialog"
            assert shown.ids.what.text == (
                "The terminal's database is busy (another program is holding it)."
            )
            assert "still on screen" in shown.ids.still.text
            assert "not completed" in shown.ids.still.text
            assert "Try again" in shown.ids.todo.text and "manager" in shown.ids.todo.text
            assert term.frame.manager.current == "payment"
            assert rig.pos.sale.view() == cart  # nothing lost
            assert rig.facts.last(["receipt"]) is None  # and nothing recorded
            ui.screenshot("not_saved")
            ui.tap(find(shown, "retry_sale"))  # still held: refused again, still there
            assert dialog() is shown and vm.not_saved_tries == 2
            assert rig.pos.sale.view() == cart
        finally:
            other.execute("ROLLBACK")
            other.close()

        ui.tap(find(shown, "retry_sale"))
        assert dialog() is None
        assert term.frame.manager.current == "paid", vm.error
        assert vm.last_number == "S01-T01-000001"
        assert vm.change_text == "9.72 €"
        assert rig.pos.sale.view().is_empty
    finally:
        _close(ui, term)
