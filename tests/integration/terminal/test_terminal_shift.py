"""The shift: float, cash in/out with a reason, X report, resumable close with a
count by denomination, over/short, the Z report printed and pushed as a fact."""

from __future__ import annotations

import sqlite3

import pytest
from terminal_rig import build_rig

from kassa.core.money import Money
from kassa.terminal.services.errors import ApprovalNeeded, InvalidInput, ShiftState
from kassa.terminal.services.events import Tender


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


def _day(rig) -> None:
    """100 float; cash sale 10.28, card sale 8.99; 20 out to the bank; 5 in."""
    rig.pos.sale.scan("4006381333931")
    rig.pos.sale.scan("036000291452")
    rig.pos.sale.checkout([Tender("cash", eur("50"))])
    rig.pos.sale.scan("036000291452")
    rig.pos.sale.checkout([Tender("card", eur("8.99"), "A7")])
    rig.pos.auth.login("9999")
    rig.pos.shift.cash_out(eur("20"), reason="bank deposit")
    rig.pos.shift.cash_in(eur("5"), reason="change from the bank")


def test_only_one_shift_and_the_float_is_checked(rig):
    rig.pos.auth.login("1111")
    with pytest.raises(InvalidInput, match="in EUR"):
        rig.pos.shift.open(opening_float=Money.of("5", "USD"))
    opened = rig.pos.shift.open(opening_float=eur("100"))
    assert opened.drawer_opened and opened.opening_float == eur("100")
    with pytest.raises(ShiftState, match="already open"):
        rig.pos.shift.open(opening_float=eur("100"))


def test_cash_movements_need_a_reason_and_a_manager(open_rig):
    rig = open_rig
    with pytest.raises(InvalidInput, match="Say why"):
        rig.pos.shift.cash_out(eur("10"), reason=" ")
    with pytest.raises(ApprovalNeeded):
        rig.pos.shift.cash_out(eur("10"), reason="petty cash: stamps")
    with pytest.raises(InvalidInput, match="not that much cash"):
        rig.pos.shift.cash_out(eur("500"), reason="oops", approval=None)
    ok = rig.pos.auth.approve("9999", action="cash_movement")
    moved = rig.pos.shift.cash_out(eur("10"), reason="petty cash: stamps", approval=ok)
    assert moved.amount == eur("-10") and moved.drawer_opened
    kind, slip = rig.printer.jobs[-1]
    assert kind == "cash_movement" and slip["reason"] == "petty cash: stamps"
    assert rig.pos.shift.current().expected_cash == eur("90")


def test_x_report_prints_totals_and_changes_nothing(open_rig):
    rig = open_rig
    _day(rig)
    facts_before = len(rig.facts.of_types(["receipt", "cash_movement", "shift_closed"]))
    report = rig.pos.shift.x_report()
    totals = report.totals
    assert (totals.sales_count, totals.gross_sales) == (2, eur("19.27"))
    assert totals.by_method == {"cash": eur("10.28"), "card": eur("8.99")}
    assert (totals.cash_in, totals.cash_out) == (eur("5"), eur("20"))
    assert totals.expected_cash == eur("95.28")
    assert totals.taxes == {"20": eur("3.00"), "7": eur("0.08")}
    kind, printed = rig.printer.jobs[-1]
    assert kind == "x_report" and printed["expected_cash"] == 9528
    assert len(rig.facts.of_types(["receipt", "cash_movement", "shift_closed"])) == facts_before


def test_close_resumes_after_a_restart_and_records_the_z_report(tmp_path):
    rig = build_rig(tmp_path)
    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=eur("100"))
    rig.pos.auth.login("1111")
    _day(rig)
    with pytest.raises(ShiftState, match="Count the cash"):
        rig.pos.shift.close()
    with pytest.raises(InvalidInput, match="not a note or coin"):
        rig.pos.shift.count({300: 1})
    rig.pos.shift.count({5000: 1, 2000: 2})  # first drawer counted: 90.00
    # the terminal restarts in the middle of the count
    later = build_rig(tmp_path, seed=False, ids=rig.ids)
    later.pos.auth.login("1111")
    progress = later.pos.shift.close_in_progress()
    assert progress.counted == {"5000": 1, "2000": 2} and progress.expected_cash == eur("95.28")
    progress = later.pos.shift.count({5000: 1, 2000: 2, 500: 1, 20: 1, 5: 1})  # 95.25
    assert progress.counted_total == eur("95.25")
    with pytest.raises(ApprovalNeeded):
        later.pos.shift.close()
    closed = later.pos.shift.close(approval=later.pos.auth.approve("9999", action="close_shift"))
    assert closed.z_number == "Z-S01-T01-000001"
    assert closed.over_short == eur("-0.03")  # short 3 cents
    assert closed.grand_total == eur("19.27")
    kind, printed = later.printer.jobs[-1]
    assert kind == "shift_closed" and printed["number"] == "Z-S01-T01-000001"
    assert later.pos.shift.current() is None and later.pos.shift.close_in_progress() is None
    # pushed like every fact: in the outbox, waiting for the sync engine
    db = sqlite3.connect(later.facts.replica.path)
    seq = later.facts.by_number(closed.z_number).seq
    assert db.execute("SELECT state FROM outbox WHERE seq = ?", (seq,)).fetchone() == ("pending",)
    assert later.facts.verify() is None
    with pytest.raises(ShiftState, match="open a shift"):
        later.pos.sale.scan("96385074") and later.pos.sale.checkout([Tender("cash", eur("5"))])


def test_grand_total_never_resets_and_reprint_finds_every_document(open_rig):
    rig = open_rig
    rig.pos.sale.scan("036000291452")
    first = rig.pos.sale.checkout([Tender("cash", eur("8.99"))])
    rig.pos.auth.login("9999")
    rig.pos.shift.count({500: 1, 100: 3, 10: 3, 5: 1, 2: 2})
    rig.pos.shift.count({10000: 1, 500: 1, 200: 1, 100: 1, 50: 1, 20: 2, 5: 1, 2: 2})  # 108.99
    z1 = rig.pos.shift.close()
    assert z1.over_short == eur("0")
    rig.pos.shift.open(opening_float=eur("100"))
    rig.pos.sale.scan("4006381333931")
    rig.pos.sale.checkout([Tender("cash", eur("1.29"))])
    rig.pos.shift.count({10000: 1, 100: 1, 20: 1, 5: 1, 2: 2})
    z2 = rig.pos.shift.close()
    assert (z1.z_number, z2.z_number) == ("Z-S01-T01-000001", "Z-S01-T01-000002")
    assert z2.grand_total == eur("10.28") and z2.totals.gross_sales == eur("1.29")
    for number, kind in ((first.number, "receipt"), (z1.z_number, "shift_closed")):
        again = rig.pos.reprints.reprint(number)
        assert again.kind == kind and rig.printer.jobs[-1][1]["copy"] is True
    assert rig.pos.reprints.last_receipt().number == "S01-T01-000002"


def test_opening_the_drawer_without_a_sale_is_approved_and_recorded(open_rig):
    rig = open_rig
    with pytest.raises(InvalidInput, match="Say why"):
        rig.pos.shift.open_drawer(reason="")
    with pytest.raises(ApprovalNeeded):
        rig.pos.shift.open_drawer(reason="change for a 50")
    ok = rig.pos.auth.approve("9999", action="open_drawer")
    kicks = rig.drawer.kicks
    assert rig.pos.shift.open_drawer(reason="change for a 50", approval=ok)
    assert rig.drawer.kicks == kicks + 1
    event = rig.facts.last(["security_event"]).payload
    assert (event["event"], event["reason"], event["cashier"]["name"]) == (
        "drawer_opened",
        "change for a 50",
        "Anna",
    )
