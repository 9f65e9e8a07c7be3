"""The engine's ports over a real device database file: what survives a restart."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from kassa.sync.client.backoff import Backoff
from kassa.sync.client.device_outbox import DeviceOutbox, DeviceSyncLog
from kassa.sync.client.engine import SyncEngine, SyncFailed
from kassa.sync.client.service import saved_status
from kassa.sync.client.transport import OutcomeUnknown
from kassa.sync.protocol import FactResult
from kassa.sync.replica.facts import record_fact
from kassa.sync.replica.identity import DeviceIdentity, save_identity
from kassa.sync.replica.migrate import open_replica
from kassa.sync.replica.pull import CatalogPuller
from kassa.sync.replica.unit_of_work import UnitOfWork


@pytest.fixture
def replica(tmp_path):
    replica = open_replica(tmp_path / "device.sqlite3")
    with UnitOfWork(replica) as uow:
        identity = DeviceIdentity(uuid.uuid4(), "T01", uuid.uuid4(), "S01", None, datetime.now(UTC))
        save_identity(uow.connection, identity)
        uow.commit()
    yield replica
    replica.dispose()


def _sell(replica, count: int) -> list[uuid.UUID]:
    ids = []
    for n in range(count):
        with UnitOfWork(replica) as uow:
            ids.append(record_fact(uow, type="receipt", payload={"total_minor": n}).id)
            uow.commit()
    return ids


def test_the_outbox_hands_out_facts_in_order_and_keeps_what_the_server_answered(replica):
    ids = _sell(replica, 3)
    outbox = DeviceOutbox(replica)
    batch = outbox.next_batch(limit=10)
    assert [(f.seq, f.id) for f in batch] == [(1, ids[0]), (2, ids[1]), (3, ids[2])]
    assert outbox.next_batch(limit=2) == batch[:2]
    outbox.acknowledge(
        [
            FactResult(id=ids[0], seq=1, status="stored"),
            FactResult(id=ids[1], seq=2, status="quarantined", reason="price list closed"),
        ]
    )
    assert [f.seq for f in outbox.next_batch(limit=10)] == [3]
    # what the status bar shows after a restart, read back from the file
    state = saved_status(replica).state
    assert state.pending == 1
    assert [(r.seq, r.reason) for r in state.rejected] == [(2, "price list closed")]
    assert state.last_push is not None


class _Down:
    def push(self, facts):
        raise OutcomeUnknown("cannot connect to http://hq:8000 (connection refused)")

    def pull(self, *, cursor, limit):
        raise AssertionError("no pull after a failed push")


def test_a_failed_run_is_remembered_until_the_next_success(replica):
    _sell(replica, 2)
    engine = SyncEngine(
        transport=_Down(),
        outbox=DeviceOutbox(replica),
        replica=CatalogPuller(replica),
        sync_log=DeviceSyncLog(replica),
        backoff=Backoff(base=0.01, cap=0.01, attempts=2),
        wait=lambda seconds: False,
    )
    with pytest.raises(SyncFailed):
        engine.sync_once()
    restarted = saved_status(replica).state
    assert "connection refused" in restarted.last_error
    assert restarted.pending == 2 and restarted.last_error_at is not None
    DeviceSyncLog(replica).succeeded(datetime.now(UTC))
    cleared = saved_status(replica).state
    assert cleared.last_error is None and cleared.last_success is not None
