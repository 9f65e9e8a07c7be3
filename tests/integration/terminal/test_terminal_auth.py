"""PIN login with roles from the synced users, lockout, lock screen, switching, approvals."""

from __future__ import annotations

import pytest
from terminal_rig import build_rig

from kassa.terminal.services.errors import LockedOut, NotAllowed, NotSignedIn, WrongPin
from kassa.terminal.services.roles import Role


def test_each_pin_signs_in_its_user_with_the_role_from_the_synced_role(rig):
    seen = {}
    for pin in ("1111", "9999", "5555", "7777"):
        operator = rig.pos.auth.login(pin).operator
        seen[operator.name] = operator.role
    assert seen == {"Anna": Role.CASHIER, "Max": Role.MANAGER, "Rita": Role.REP, "Ada": Role.ADMIN}
    assert rig.pos.auth.operator.name == "Ada"


def test_limits_are_data_from_permissions_and_config(rig):
    cashier = rig.pos.auth.login("1111").operator.limits
    manager = rig.pos.auth.login("9999").operator.limits
    assert cashier.max_discount_percent == 10  # from the config numbers
    assert not cashier.can_return and manager.can_return  # from the synced permissions
    assert manager.can_approve and not cashier.can_approve


def test_wrong_pins_lock_the_pad_and_the_lockout_is_recorded_and_survives_a_restart(tmp_path):
    rig = build_rig(tmp_path)
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPin) as wrong:
            rig.pos.auth.login("0000")
        assert wrong.value.attempts_left == left
    with pytest.raises(LockedOut, match="locked for 60 s"):
        rig.pos.auth.login("0000")
    with pytest.raises(LockedOut):
        rig.pos.auth.login("1111")  # even the right PIN waits
    event = rig.facts.last(["security_event"])
    assert event.payload["event"] == "pin_lockout"
    restarted = build_rig(tmp_path, seed=False, ids=rig.ids)  # same files, new process state
    restarted.clock.at = rig.clock.at
    with pytest.raises(LockedOut):
        restarted.pos.auth.login("1111")
    restarted.clock.advance(minutes=1, seconds=1)
    assert restarted.pos.auth.login("1111").operator.name == "Anna"


def test_a_good_pin_resets_the_count(rig):
    for _ in range(4):
        with pytest.raises(WrongPin):
            rig.pos.auth.login("1234")
    rig.pos.auth.login("1111")
    with pytest.raises(WrongPin) as wrong:
        rig.pos.auth.login("1234")
    assert wrong.value.attempts_left == 4


def test_lock_screen_keeps_the_sale_and_another_pin_switches_cashier(open_rig):
    rig = open_rig
    rig.pos.sale.scan("96385074")
    rig.pos.auth.lock()
    assert rig.pos.auth.locked and rig.pos.auth.operator.name == "Anna"
    with pytest.raises(NotSignedIn):
        rig.pos.sale.scan("96385074")
    assert rig.pos.auth.unlock("9999").operator.name == "Max"
    assert len(rig.pos.sale.view().lines) == 1  # the sale stays with the terminal


def test_a_rep_may_not_sell_and_letters_are_not_a_pin(rig):
    rig.pos.auth.login("5555")
    with pytest.raises(NotAllowed, match="may not sell"):
        rig.pos.sale.scan("96385074")
    with pytest.raises(WrongPin, match="digits"):
        rig.pos.auth.login("12a4")


def test_approval_needs_a_manager_pin(rig):
    rig.pos.auth.login("1111")
    with pytest.raises(WrongPin, match="manager"):
        rig.pos.auth.approve("1111", action="discount")  # a cashier cannot approve
    approval = rig.pos.auth.approve("9999", action="discount")
    assert approval.manager.name == "Max" and approval.action == "discount"
    assert rig.pos.auth.operator.name == "Anna"  # approving does not switch the cashier


def test_an_inactive_user_cannot_sign_in(rig):
    from sqlalchemy import update

    from kassa.sync.models import User

    with rig.facts.replica.writer.begin() as connection:
        connection.execute(update(User.__table__).values(active=False))
    with pytest.raises(WrongPin):
        rig.pos.auth.login("1111")
