"""Parking and recalling a sale (across a restart); cancelling is recorded, not erased."""

from __future__ import annotations

import pytest
from terminal_rig import build_rig

from kassa.core.money import Money
from kassa.terminal.services.errors import ApprovalNeeded, InvalidInput, NotFound
from kassa.terminal.services.events import Tender


def test_park_survives_a_restart_and_is_recalled_once(tmp_path):
    rig = build_rig(tmp_path)
    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=rig.eur("50"))
    rig.pos.auth.login("1111")
    rig.pos.sale.scan("036000291452")
    rig.pos.sale.set_customer(rig.ids.customers["C2"])
    parked = rig.pos.sale.park(label="lady with the wine")
    assert rig.pos.sale.view().is_empty and parked.total == rig.eur("8.99")
    rig.pos.sale.scan("96385074")
    rig.pos.sale.checkout([Tender("cash", rig.eur("5"))])  # the next customer pays meanwhile

    later = build_rig(tmp_path, seed=False, ids=rig.ids)
    later.pos.auth.login("1111")
    [summary] = later.pos.sale.parked()
    assert (summary.label, summary.lines, summary.total) == (
        "lady with the wine",
        1,
        rig.eur("8.99"),
    )
    view = later.pos.sale.recall(summary.park_id)
    assert view.customer.name == "Jane Roe" and view.total == rig.eur("8.99")
    done = later.pos.sale.checkout([Tender("card", rig.eur("8.99"), "C-1")])
    assert done.number == "S01-T01-000002"
    assert later.pos.sale.parked() == []
    with pytest.raises(NotFound, match="gone"):
        later.pos.sale.recall(summary.park_id)


def test_recall_only_into_an_empty_cart_and_nothing_to_park(open_rig):
    sale = open_rig.pos.sale
    with pytest.raises(InvalidInput, match="empty"):
        sale.park()
    sale.scan("96385074")
    parked = sale.park()
    sale.scan("4006381333931")
    with pytest.raises(InvalidInput, match="Finish or park"):
        sale.recall(parked.park_id)


def test_cancel_needs_a_manager_and_is_recorded_as_a_fact(open_rig):
    rig = open_rig
    rig.pos.sale.scan("036000291452")
    rig.pos.sale.scan("4006381333931")
    with pytest.raises(ApprovalNeeded):
        rig.pos.sale.cancel()
    approval = rig.pos.auth.approve("9999", action="cancel_sale")
    cancelled = rig.pos.sale.cancel(approval=approval)
    assert (cancelled.lines, cancelled.total) == (2, Money.of("10.28", "EUR"))
    assert rig.pos.sale.view().is_empty
    fact = rig.facts.last(["receipt_cancelled"])
    assert fact.number is None  # a cancelled sale takes no receipt number
    assert [line["sku"] for line in fact.payload["lines"]] == ["WINE", "MILK1"]
    assert fact.payload["approvals"][0]["action"] == "cancel_sale"
    assert rig.pos.shift.current().cancelled_count == 1
    assert rig.facts.verify() is None
