from __future__ import annotations

import uuid

from kassa.sync.client.state import RejectedFact, SyncStatus


def test_subscribers_see_every_change_until_they_unsubscribe():
    status = SyncStatus()
    seen = []
    unsubscribe = status.subscribe(lambda state: seen.append(state.pending))
    status.update(pending=3)
    status.update(pending=1)
    unsubscribe()
    status.update(pending=0)
    assert seen == [3, 1]
    assert status.state.pending == 0


def test_a_failing_listener_does_not_stop_the_others():
    status = SyncStatus()
    seen = []

    def broken(state):
        raise RuntimeError("view gone")

    status.subscribe(broken)
    status.subscribe(lambda state: seen.append(state.last_error))
    status.update(last_error="server down")
    assert seen == ["server down"]


def test_progress_is_a_fraction_only_while_pulling():
    status = SyncStatus()
    assert status.update(rows_done=5, rows_total=10).progress is None
    assert status.update(phase="pulling").progress == 0.5
    assert status.update(rows_total=0).progress is None


def test_rejected_facts_are_listed_once():
    status = SyncStatus()
    fact = RejectedFact(uuid.uuid4(), 4, "price list closed")
    status.add_rejected([fact])
    status.add_rejected([fact])
    assert status.state.rejected == (fact,)
