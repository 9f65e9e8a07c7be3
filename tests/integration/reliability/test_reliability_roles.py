"""PINs and roles on the device (issue 8, item 2, device side).

PIN hashes are argon2id (a slow KDF); wrong PINs lock the pad, longer each time
in a row, and a clock set back cannot stretch a lockout. A cashier cannot refund,
void a line past the limit, cancel a sale, open the drawer with no sale or close
the shift alone; a manager's approval (their PIN) lets each through once and is
recorded in the fact. Everything runs through ``build_pos`` on a real device file.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from reliability_rig import RecordingDrawer, eur, fact_rows, open_shift, seeded, start

from kassa.terminal.services.adapters.local_state import SqliteLocalState
from kassa.terminal.services.adapters.replica_facts import ReplicaFactLog
from kassa.terminal.services.adapters.replica_people import ReplicaUsers
from kassa.terminal.services.auth import Auth
from kassa.terminal.services.errors import ApprovalNeeded, LockedOut, NotAllowed, WrongPin

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def till(tmp_path):
    seeded(tmp_path)
    till = start(tmp_path, drawer=RecordingDrawer())
    open_shift(till)  # Anna, the cashier, is signed in
    yield till
    till.close()


def test_pins_are_stored_only_as_argon2id_hashes(till):
    db = sqlite3.connect(till.data_dir / "device.sqlite3")
    hashes = [row[0] for row in db.execute("SELECT pin_hash FROM users")]
    db.close()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not {"1111", "9999", "5555", "7777"} & set(hashes)


def test_a_cashier_cannot_refund_alone_and_a_manager_approval_lets_it_through(till):
    sold = till.sell("036000291452", cash="10")
    receipt = till.pos.returns.find(sold.number)
    line = receipt.lines[0].line_id
    ask = {"receipt_number": sold.number, "quantities": {line: Decimal(1)}, "reason": "corked"}
    before = fact_rows(till.data_dir)
    with pytest.raises(ApprovalNeeded) as needed:
        till.pos.returns.complete(**ask)
    assert needed.value.request.action == "return"
    with pytest.raises(WrongPin, match="manager"):
        till.pos.auth.approve("1111", action="return")  # her own PIN is no approval
    assert fact_rows(till.data_dir) == before and till.drawer_kicks() == 2  # float, sale
    ok = till.pos.auth.approve("9999", action="return")
    done = till.pos.returns.complete(**ask, approval=ok)
    assert done.refund == eur("8.99")
    stored = till.pos.extras["replica"]
    payload = ReplicaFactLog(stored, clock=till.clock.now).by_number(done.number).payload
    assert payload["approvals"][0]["action"] == "return"
    assert payload["cashier"]["name"] == "Anna"


def test_a_cashier_voids_small_lines_alone_but_not_past_the_limit(till):
    small = till.pos.sale.scan("036000291452").lines[-1].line.line_id  # 8.99
    till.pos.sale.void_line(small)
    big = till.pos.sale.scan("036000291452", quantity=Decimal(3)).lines[-1].line.line_id
    with pytest.raises(ApprovalNeeded, match="above the 20 you may void alone"):
        till.pos.sale.void_line(big)  # 26.97
    assert len(till.pos.sale.view().lines) == 1
    with pytest.raises(NotAllowed, match="was for 'discount'"):
        till.pos.sale.void_line(big, approval=till.pos.auth.approve("9999", action="discount"))
    till.pos.sale.void_line(big, approval=till.pos.auth.approve("9999", action="void_line"))
    assert till.pos.sale.view().lines == ()
    till.pos.sale.scan("96385074")
    with pytest.raises(ApprovalNeeded, match="Cancelling a sale needs a manager"):
        till.pos.sale.cancel()


def test_no_sale_drawer_and_shift_close_need_the_manager(till):
    with pytest.raises(ApprovalNeeded):
        till.pos.shift.open_drawer(reason="change for a 50")
    assert till.drawer_kicks() == 1  # only the shift opening
    till.pos.shift.count({10000: 1})
    before = fact_rows(till.data_dir)
    with pytest.raises(ApprovalNeeded, match="Closing the shift needs a manager"):
        till.pos.shift.close()
    assert fact_rows(till.data_dir) == before and till.pos.shift.current() is not None
    closed = till.pos.shift.close(approval=till.pos.auth.approve("9999", action="close_shift"))
    assert closed.z_number == "Z-S01-T01-000001"
    till.pos.auth.login("9999")  # the manager needs nobody
    till.pos.shift.open(opening_float=eur("50"))
    assert till.pos.shift.open_drawer(reason="change for a 50")


def test_an_approval_is_for_now_even_when_the_clock_is_set_back(till):
    till.pos.sale.scan("036000291452", quantity=Decimal(3))
    line = till.pos.sale.view().lines[-1].line.line_id
    ok = till.pos.auth.approve("9999", action="void_line")
    till.clock.advance(minutes=3)
    with pytest.raises(ApprovalNeeded, match="expired"):
        till.pos.sale.void_line(line, approval=ok)
    ok = till.pos.auth.approve("9999", action="void_line")
    till.clock.advance(hours=-1)  # the clock is set back an hour
    with pytest.raises(ApprovalNeeded, match="expired"):
        till.pos.sale.void_line(line, approval=ok)


def _lock(till) -> None:
    for _ in range(4):
        with pytest.raises(WrongPin):
            till.pos.auth.login("0000")
    with pytest.raises(LockedOut):
        till.pos.auth.login("0000")


def test_lockouts_in_a_row_grow_and_a_good_pin_resets_them(till):
    _lock(till)
    till.clock.advance(seconds=61)
    _lock(till)  # the second lockout in a row: two minutes
    with pytest.raises(LockedOut):
        till.clock.advance(seconds=61)
        till.pos.auth.login("1111")
    till.clock.advance(seconds=60)
    till.pos.auth.login("1111")
    _lock(till)  # after a good PIN, back to one minute
    till.clock.advance(seconds=61)
    till.pos.auth.login("1111")
    events = ReplicaFactLog(till.replica, clock=till.clock.now).of_types(["security_event"])
    lockouts = [(e.payload["lockouts_in_a_row"], e.payload["seconds"]) for e in events]
    assert lockouts == [(1, 60), (2, 120), (1, 60)]


def test_a_clock_set_back_does_not_stretch_the_lockout(till):
    _lock(till)
    till.clock.advance(hours=-2)  # the lockout "ends" 2 h from now on this clock
    with pytest.raises(LockedOut) as locked:
        till.pos.auth.login("1111")
    assert locked.value.until - till.clock.now() <= timedelta(seconds=60)
    till.clock.advance(seconds=61)
    assert till.pos.auth.login("1111").operator.name == "Anna"


class CountingHasher(PasswordHasher):
    """The real argon2 verifier, counting how often it runs."""

    verified = 0

    def verify(self, hash, password):
        CountingHasher.verified += 1
        return super().verify(hash, password)


def test_the_usual_login_verifies_one_hash(tmp_path):
    seeded(tmp_path)
    till = start(tmp_path)
    replica, till_clock = till.replica, till.clock
    state = SqliteLocalState(tmp_path / "auth-state.sqlite3")
    auth = Auth(
        users=ReplicaUsers(replica),
        state=state,
        facts=ReplicaFactLog(replica, clock=till_clock.now),
        clock=till_clock,
        hasher=CountingHasher(),
    )
    try:

        def verifies(pin: str, **kw) -> int:
            CountingHasher.verified = 0
            auth.login(pin, **kw)
            return CountingHasher.verified

        assert verifies("9999") == 3  # Ada, Anna, then Max (names in order)
        assert verifies("9999") == 1  # Max signed in here last: tried first
        assert verifies("1111") == 3  # Max, Ada, then Anna
        assert verifies("1111") == 1 and verifies("9999") == 2  # the two regulars
        rita = next(u.id for u in ReplicaUsers(replica).users() if u.name == "Rita")
        assert verifies("5555", user_id=rita) == 1  # name first, then PIN: one verify
        CountingHasher.verified = 0
        with pytest.raises(WrongPin):
            auth.login("4321")
        assert CountingHasher.verified == 4  # a wrong PIN is tried against everyone
    finally:
        state.close()
        till.close()
