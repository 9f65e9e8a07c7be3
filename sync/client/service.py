"""The composition root of device sync: build the engine over the device database.

The terminal app does, once at start-up:

    replica = open_replica(database_path(data_dir))
    sync = build_sync_service(replica=replica, credentials=load_credentials(data_dir))
    sync.start()            # background job: push then pull, now and every interval
    ...
    sync.nudge()            # after each completed fact (cheap, never blocks)
    sync.state()            # the latest SyncState snapshot for the status bar
    sync.status.subscribe(listener)   # or be told of every change (sync thread!)
    sync.stop()             # on exit

``kassa sync`` uses ``build_engine`` for one run in the foreground.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from kassa.sync.client.backoff import Backoff
from kassa.sync.client.credentials import Credentials, configured_server_url
from kassa.sync.client.device_outbox import DeviceOutbox, DeviceSyncLog
from kassa.sync.client.engine import SyncEngine, utc_now
from kassa.sync.client.scheduler import SyncScheduler
from kassa.sync.client.snapshot import SnapshotLoader
from kassa.sync.client.state import RejectedFact, SyncState, SyncStatus
from kassa.sync.client.transport import DEFAULT_TIMEOUT, HttpTransport
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.outbox import pending_count, quarantined_facts
from kassa.sync.replica.pull import CatalogPuller
from kassa.sync.replica.sync_state import load_sync_state
from kassa.sync.replica.unit_of_work import reading


def saved_status(replica: Replica) -> SyncStatus:
    """The sync state as the device database last recorded it."""
    with reading(replica) as connection:
        stored = load_sync_state(connection)
        rejected = tuple(
            RejectedFact(fact.id, fact.seq, fact.reason or "")
            for fact in quarantined_facts(connection)
        )
        pending = pending_count(connection)
    return SyncStatus(
        SyncState(
            pending=pending,
            last_success=stored.last_success_at,
            last_push=stored.last_push_at,
            last_pull=stored.last_pull_at,
            last_error=stored.last_error,
            last_error_at=stored.last_error_at,
            rejected=rejected,
        )
    )


def build_engine(
    *,
    replica: Replica,
    credentials: Credentials,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    backoff: Backoff | None = None,
    server_url: str | None = None,
) -> SyncEngine:
    """An engine for this device; ``server_url`` (or the config's ``[sync] server_url``)
    overrides the enrolled one: a proxy, or head office moved."""
    base_url = server_url or configured_server_url() or credentials.server_url
    transport = HttpTransport(base_url=base_url, token=credentials.token, timeout=timeout)
    return SyncEngine(
        transport=transport,
        outbox=DeviceOutbox(replica),
        replica=CatalogPuller(replica),
        status=saved_status(replica),
        sync_log=DeviceSyncLog(replica),
        backoff=backoff,
        snapshot=SnapshotLoader(transport=transport, replica=replica, clock=utc_now),
    )


@dataclass
class SyncService:
    engine: SyncEngine
    scheduler: SyncScheduler

    @property
    def status(self) -> SyncStatus:
        return self.engine.status

    def start(self) -> None:
        self.scheduler.start()

    def nudge(self) -> None:
        self.scheduler.nudge()

    def state(self) -> SyncState:
        return self.engine.status.state

    def stop(self) -> None:
        self.scheduler.shutdown()
        if isinstance(self.engine.transport, HttpTransport):
            self.engine.transport.close()


def build_sync_service(
    *,
    replica: Replica,
    credentials: Credentials,
    interval: float = 60.0,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    backoff: Backoff | None = None,
    server_url: str | None = None,
) -> SyncService:
    engine = build_engine(
        replica=replica,
        credentials=credentials,
        timeout=timeout,
        backoff=backoff,
        server_url=server_url,
    )
    return SyncService(engine=engine, scheduler=SyncScheduler(engine, interval=interval))
