"""Pure rules of the terminal services: role limits as data, refunds per line,
and number series (the printouts' layouts: test_terminal_receipt_layout.py)."""

from __future__ import annotations

from decimal import Decimal

from kassa.core.money import Money
from kassa.terminal.services.adapters.audit import series_problems
from kassa.terminal.services.adapters.replica_people import limits_from
from kassa.terminal.services.events import ReturnableLine


def test_limits_come_from_synced_permissions_and_config_numbers():
    limits = limits_from(
        {"cashier": ["sell", "discount"], "manager": ["sell", "return", "void", "close_shift"]},
        {"cashier": {"max_discount_percent": 5}, "manager": {"max_discount_percent": 50}},
    )
    assert limits["cashier"].max_discount_percent == 5
    assert not limits["cashier"].can_return and not limits["cashier"].can_cancel_sale
    assert limits["manager"].can_return and limits["manager"].can_cancel_sale
    assert limits["manager"].max_override_percent == 0  # no price_override permission
    assert limits["manager"].can_approve and not limits["cashier"].can_approve
    assert not limits["rep"].can_sell  # a role without synced data keeps the defaults
    no_discount = limits_from({"cashier": ["sell"]}, {"cashier": {"max_discount_percent": 5}})
    assert no_discount["cashier"].max_discount_percent == 0


def test_partial_refunds_add_up_to_exactly_the_line_total():
    line = ReturnableLine("l1", "Croissant", Decimal(3), Decimal(0), Money.of("10.00", "EUR"))
    parts = []
    for returned in range(3):
        step = ReturnableLine("l1", "Croissant", Decimal(3), Decimal(returned), line.line_total)
        parts.append(step.refund_for(Decimal(1)))
    assert [p.minor for p in parts] == [333, 334, 333]
    assert sum(p.minor for p in parts) == 1000


def test_number_series_must_run_without_gap():
    assert series_problems("receipt", ["S-T-000001", "S-T-000002"]) == []
    assert series_problems("receipt", ["S-T-000001", "S-T-000003"]) == [
        "receipt: expected number 2, found S-T-000003"
    ]
