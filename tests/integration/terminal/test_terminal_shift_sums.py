"""The shift's running sums (kept in the transaction of each fact) always equal
the totals recomputed from the shift's facts, the way the X and Z reports
computed them before the sums existed: per tender, per tax rate, sales and
returns, cancelled sales, cash in and out, cash rounding and the cash expected."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

from terminal_rig import build_rig

from kassa.core.money import Money
from kassa.core.payment import Tender as CoreTender
from kassa.core.payment import TenderKind
from kassa.core.shift import CASH, CashMovement, MovementKind, expected_per_tender
from kassa.sync.replica.facts import record_fact
from kassa.sync.replica.unit_of_work import UnitOfWork
from kassa.terminal.services.events import Tender

MILK, WINE, CROISSANT = "4006381333931", "036000291452", "4012345000030"


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


def _from_facts(rig) -> dict:
    """The shift's figures straight from its facts (an independent recomputation)."""
    opened = rig.pos.sale.ctx.ledger.require_open()
    shift_id = opened.payload["shift_id"]
    kinds = ("receipt", "receipt_cancelled", "cash_movement")
    facts = [
        f for f in rig.facts.of_types(kinds, after_seq=opened.seq)
        if f.payload.get("shift_id") == shift_id
    ]  # fmt: skip
    receipts = [f.payload for f in facts if f.type == "receipt"]
    sales = [p for p in receipts if p["kind"] != "return"]
    refunds = [p for p in receipts if p["kind"] == "return"]
    moved = [int(f.payload["amount"]) for f in facts if f.type == "cash_movement"]
    by_method: dict[str, int] = {}
    taxes: dict[str, int] = {}
    for payload in receipts:
        sign = -1 if payload["kind"] == "return" else 1
        for t in payload["tenders"]:
            by_method[t["method"]] = by_method.get(t["method"], 0) + sign * int(t["amount"])
        for row in payload["taxes"]:
            taxes[str(row["rate"])] = taxes.get(str(row["rate"]), 0) + sign * int(row["tax"])

    def tenders(payloads):
        return [
            CoreTender(TenderKind(t["kind"]), Money(int(t["amount"]), "EUR"), method=t["method"])
            for p in payloads
            for t in p["tenders"]
        ]

    movements = [
        CashMovement(
            MovementKind.CASH_IN if m > 0 else MovementKind.CASH_OUT,
            eur("0") + Money(abs(m), "EUR"),
        )
        for m in moved
    ]
    expected = expected_per_tender(
        opening_float=Money(int(opened.payload["opening_float"]), "EUR"),
        movements=movements,
        taken=tenders(sales),
        refunded=tenders(refunds),
    )[CASH]
    return {
        "sales_count": len(sales),
        "returns_count": len(refunds),
        "cancelled_count": sum(f.type == "receipt_cancelled" for f in facts),
        "gross_sales": sum(int(p["total"]) for p in sales),
        "returns": sum(int(p["total"]) for p in refunds),
        "rounding": sum(int(p.get("rounding", 0)) for p in sales),
        "cash_in": sum(m for m in moved if m > 0),
        "cash_out": -sum(m for m in moved if m < 0),
        "by_method": by_method,
        "taxes": taxes,
        "expected_cash": expected.minor,
    }


def _figures(totals) -> dict:
    return {
        "sales_count": totals.sales_count,
        "returns_count": totals.returns_count,
        "cancelled_count": totals.cancelled_count,
        "gross_sales": totals.gross_sales.minor,
        "returns": totals.returns.minor,
        "rounding": totals.rounding.minor,
        "cash_in": totals.cash_in.minor,
        "cash_out": totals.cash_out.minor,
        "by_method": {k: v.minor for k, v in totals.by_method.items()},
        "taxes": {k: v.minor for k, v in totals.taxes.items()},
        "expected_cash": totals.expected_cash.minor,
    }


def _stored(rig) -> tuple[int, dict] | None:
    db = sqlite3.connect(rig.facts.replica.path)
    try:
        row = db.execute("SELECT through_seq, sums FROM shift_totals").fetchone()
    finally:
        db.close()
    return None if row is None else (row[0], json.loads(row[1]))


def _mixed_shift(rig) -> None:
    """Cash (rounded to 0.05), card, split and cash-only sales at two tax rates, a
    partial return to card, a cancelled sale, cash out and cash in."""
    pos = rig.pos
    pos.sale.scan(MILK)
    pos.sale.scan(WINE)
    pos.sale.checkout([Tender("cash", eur("20"))])  # 10.28 -> 10.30 due
    pos.sale.scan(WINE)
    pos.sale.checkout([Tender("card", eur("8.99"), "A1")])
    pos.sale.add(rig.ids.products["CROISS"], quantity=Decimal(3))
    pos.sale.scan(WINE)
    split = pos.sale.checkout([Tender("card", eur("5.00"), "A2"), Tender("cash", eur("10"))])
    pos.sale.scan(CROISSANT)
    pos.sale.cancel(approval=pos.auth.approve("9999", action="cancel_sale"))
    found = pos.returns.find(split.number)
    croissants = next(line.line_id for line in found.lines if line.name == "Croissant")
    pos.returns.complete(
        receipt_number=split.number,
        quantities={croissants: Decimal(2)},
        reason="stale",
        approval=pos.auth.approve("9999", action="return"),
    )
    pos.auth.login("9999")
    pos.shift.cash_out(eur("20"), reason="bank deposit")
    pos.shift.cash_in(eur("5"), reason="change from the bank")
    pos.auth.login("1111")
    pos.sale.scan(MILK)
    pos.sale.checkout([Tender("cash", eur("1.30"))])  # 1.29 -> 1.30


def test_running_sums_equal_the_facts_after_a_mixed_shift(tmp_path):
    rig = build_rig(tmp_path, cash_step=5)
    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=eur("100"))
    rig.pos.auth.login("1111")
    _mixed_shift(rig)
    ledger = rig.pos.sale.ctx.ledger
    opened = ledger.require_open()
    last = rig.facts.last(["receipt", "receipt_cancelled", "cash_movement"])
    through, _ = _stored(rig)
    assert through == last.seq  # every fact of the shift is in the stored sums
    figures = _figures(rig.pos.shift.current())
    assert figures == _from_facts(rig) == _figures(ledger.recomputed(opened))
    assert figures["rounding"] == 4 and figures["returns_count"] == 1  # +2, +1 (7.59), +1
    assert figures["cancelled_count"] == 1 and figures["cash_out"] == 2000
    assert set(figures["taxes"]) == {"20", "7"}
    closed = rig.pos.shift.count({5000: 2}) and rig.pos.shift.close(
        approval=rig.pos.auth.approve("9999", action="close_shift")
    )
    assert _figures(closed.totals) == figures


def test_facts_the_sums_missed_are_folded_in_and_a_lost_row_is_recomputed(open_rig):
    rig = open_rig
    rig.pos.sale.scan(WINE)
    done = rig.pos.sale.checkout([Tender("cash", eur("10"))])
    copy = {k: v for k, v in rig.facts.by_number(done.number).payload.items() if k != "number"}
    with UnitOfWork(rig.facts.replica) as uow:  # a receipt recorded past the sums
        record_fact(uow, type="receipt", payload=copy, number_kind="receipt")
        uow.commit()
    totals = rig.pos.shift.current()
    assert totals.sales_count == 2 and totals.gross_sales == eur("17.98")
    rig.pos.sale.scan(MILK)
    rig.pos.sale.checkout([Tender("card", eur("1.29"), "A9")])  # its sums catch up
    through, sums = _stored(rig)
    assert through == rig.facts.last(["receipt"]).seq and sums["sales"] == 3
    assert _figures(rig.pos.shift.current()) == _from_facts(rig)
    db = sqlite3.connect(rig.facts.replica.path)
    db.execute("DELETE FROM shift_totals")  # the row lost: recomputed from the facts
    db.commit()
    db.close()
    assert _figures(rig.pos.shift.current()) == _from_facts(rig)
    assert rig.pos.shift.current().expected_cash == eur("117.98")  # 100 + 8.99 x 2


def test_a_storage_fault_while_keeping_the_sums_leaves_the_sale_not_saved(open_rig, monkeypatch):
    """SQLite rolls the whole transaction back on a full disk: the receipt is gone too, so
    the cashier must be told it was not saved (not handed a number that was never kept)."""
    from sqlalchemy.exc import OperationalError

    from kassa.terminal.services.adapters import shift_totals
    from kassa.terminal.services.errors import NotSaved

    rig = open_rig

    def disk_full(connection, **_fact):
        connection.exec_driver_sql("ROLLBACK")  # what SQLite does itself on SQLITE_FULL
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise OperationalError("UPDATE shift_totals", {}, full)

    rig.pos.sale.scan(WINE)
    monkeypatch.setattr(shift_totals, "_keep", disk_full)
    try:
        rig.pos.sale.checkout([Tender("cash", eur("10"))])
    except NotSaved as refused:
        assert "full" in str(refused).lower()
    else:
        raise AssertionError("the sale was reported saved")
    assert rig.facts.last(["receipt"]) is None  # nothing kept, no number handed out
    monkeypatch.undo()
    done = rig.pos.sale.checkout([Tender("cash", eur("10"))])  # the cart is still there
    assert rig.facts.by_number(done.number).payload["total"] == 899
