"""The engine's rules, with hand-written fakes for the outbox, replica and network."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from kassa.sync.client.backoff import Backoff
from kassa.sync.client.engine import SyncEngine, SyncFailed
from kassa.sync.client.transport import OutcomeUnknown, RequestRefused, Unauthorized
from kassa.sync.protocol import ApiError, FactResult, PullPage, PushFact, PushResponse, RowChange

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _fact(seq: int) -> PushFact:
    return PushFact(
        id=uuid.UUID(int=seq),
        type="receipt",
        seq=seq,
        prev_hash="0" * 64,
        hash="1" * 64,
        device_time=NOW,
        payload={"total_minor": seq},
    )


class FakeOutbox:
    def __init__(self, count: int) -> None:
        self.facts = [_fact(seq) for seq in range(1, count + 1)]
        self.acked: list[FactResult] = []

    def next_batch(self, *, limit: int) -> list[PushFact]:
        done = {r.id for r in self.acked}
        return [f for f in self.facts if f.id not in done][:limit]

    def acknowledge(self, results) -> None:
        self.acked += results

    def pending_count(self) -> int:
        return len(self.next_batch(limit=10**6))

    def resend_from(self, seq: int) -> None:
        self.acked = [r for r in self.acked if r.seq < seq]


@dataclass
class Progress:
    rows_done: int
    rows_total: int
    staged: bool = False


class FakeReplica:
    def __init__(self) -> None:
        self.saved_cursor = ""
        self.rows: list[RowChange] = []
        self.resets = 0

    def cursor(self) -> str:
        return self.saved_cursor

    def apply_page(self, page: PullPage) -> Progress:
        self.rows += page.changes
        self.saved_cursor = page.next_cursor
        return Progress(len(page.changes), len(page.changes) + page.remaining)

    def reset(self) -> None:
        self.resets += 1
        self.saved_cursor, self.rows = "", []


class FakeServer:
    """Answers like the server, or with the failures queued in ``push_failures``."""

    def __init__(self, *, rows: int = 0, quarantine: set[int] = frozenset()) -> None:
        self.stored: dict[uuid.UUID, int] = {}
        self.push_failures: list[Exception] = []
        self.pull_answers: list[PullPage | Exception] = []
        self.batches: list[list[int]] = []
        self.rows = [
            RowChange(table="products", id=uuid.UUID(int=n), version=n, data={"sku": str(n)})
            for n in range(1, rows + 1)
        ]
        self.quarantine = quarantine

    def push(self, facts):
        self.batches.append([f.seq for f in facts])
        if self.push_failures:
            raise self.push_failures.pop(0)
        results = []
        for fact in facts:
            status = "duplicate" if fact.id in self.stored else "stored"
            if fact.seq in self.quarantine:
                status = "quarantined"
            self.stored.setdefault(fact.id, fact.seq)
            results.append(FactResult(id=fact.id, seq=fact.seq, status=status, reason="closed"))
        return PushResponse(results=results, last_seq=max(self.stored.values()))

    def pull(self, *, cursor: str, limit: int) -> PullPage:
        if self.pull_answers:
            answer = self.pull_answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        start = int(cursor or 0)
        page = self.rows[start : start + limit]
        end = start + len(page)
        return PullPage(
            changes=page,
            next_cursor=str(end),
            has_more=end < len(self.rows),
            remaining=len(self.rows) - end,
        )


def _engine(server, outbox, replica, **kwargs) -> SyncEngine:
    return SyncEngine(
        transport=server,
        outbox=outbox,
        replica=replica,
        backoff=Backoff(base=0.01, cap=0.01, attempts=4),
        wait=lambda seconds: False,
        clock=lambda: NOW,
        **kwargs,
    )


def test_pushes_in_order_in_batches_then_pulls_every_page():
    server, outbox, replica = FakeServer(rows=25), FakeOutbox(7), FakeReplica()
    seen, sent = [], []
    engine = _engine(server, outbox, replica, batch_size=3, page_size=10)
    pushed, pulled = engine.sync_once(
        on_progress=lambda d, t: seen.append((d, t)), on_sent=lambda d, t: sent.append((d, t))
    )
    assert sent == [(3, 7), (6, 7), (7, 7)]
    assert server.batches == [[1, 2, 3], [4, 5, 6], [7]]
    assert (pushed.stored, pushed.batches) == (7, 3)
    assert (pulled.rows, pulled.pages) == (25, 3)
    assert seen == [(10, 25), (20, 25), (25, 25)]
    assert replica.saved_cursor == "25"
    state = engine.status.state
    assert (state.pending, state.last_success, state.last_error) == (0, NOW, None)


def test_an_unknown_outcome_resends_the_very_same_batch():
    server, outbox = FakeServer(), FakeOutbox(5)
    server.push_failures = [OutcomeUnknown("timeout"), OutcomeUnknown("HTTP 502")]
    engine = _engine(server, outbox, FakeReplica(), batch_size=5)
    engine.sync_once()
    assert server.batches == [[1, 2, 3, 4, 5]] * 3
    assert [r.seq for r in outbox.acked] == [1, 2, 3, 4, 5]


def test_after_the_retries_the_facts_stay_pending_and_the_error_is_shown():
    server, outbox = FakeServer(), FakeOutbox(2)
    server.push_failures = [OutcomeUnknown("connection refused")] * 4
    engine = _engine(server, outbox, FakeReplica())
    with pytest.raises(SyncFailed, match="cannot be reached; sales are kept"):
        engine.sync_once()
    assert outbox.acked == []
    state = engine.status.state
    assert state.pending == 2 and "connection refused" in state.last_error
    assert state.phase == "idle"


def test_a_refused_batch_is_not_acknowledged_and_stops_the_run():
    server, outbox = FakeServer(), FakeOutbox(2)
    refusal = ApiError(code="sequence_gap", message="expected fact 1 next but got 2")
    server.push_failures = [RequestRefused(409, refusal)]
    engine = _engine(server, outbox, FakeReplica())
    with pytest.raises(SyncFailed, match="expected fact 1 next"):
        engine.sync_once()
    assert outbox.acked == [] and len(server.batches) == 1


def test_a_revoked_token_says_to_enroll_again():
    server = FakeServer()
    server.push_failures = [Unauthorized(401, ApiError(code="unauthorized", message="revoked"))]
    with pytest.raises(SyncFailed, match="run `kassa enroll` again"):
        _engine(server, FakeOutbox(1), FakeReplica()).sync_once()


def test_quarantined_facts_are_acknowledged_and_listed_as_rejected():
    server, outbox = FakeServer(quarantine={2}), FakeOutbox(3)
    engine = _engine(server, outbox, FakeReplica())
    pushed, _ = engine.sync_once()
    assert (pushed.stored, pushed.quarantined) == (2, 1)
    assert outbox.pending_count() == 0
    [rejected] = engine.status.state.rejected
    assert (rejected.seq, rejected.reason) == (2, "closed")


def test_a_reset_starts_the_pull_over_and_a_reset_loop_is_an_error():
    server, replica = FakeServer(rows=4), FakeReplica()
    replica.saved_cursor = "stale"
    server.pull_answers = [PullPage(changes=[], next_cursor="", has_more=False, reset=True)]
    _, pulled = _engine(server, FakeOutbox(0), replica).sync_once()
    assert replica.resets == 1 and (pulled.rows, pulled.resets) == (4, 1)
    server.pull_answers = [PullPage(changes=[], next_cursor="", has_more=False, reset=True)] * 3
    with pytest.raises(SyncFailed, match="keeps asking for a full resync"):
        _engine(server, FakeOutbox(0), replica).sync_once()


def test_pull_pages_are_retried_from_the_same_cursor():
    server, replica = FakeServer(rows=6), FakeReplica()
    server.pull_answers = [OutcomeUnknown("reset by peer")]
    _, pulled = _engine(server, FakeOutbox(0), replica, page_size=4).sync_once()
    assert [row.version for row in replica.rows] == [1, 2, 3, 4, 5, 6]
    assert pulled.pages == 2


class RestoredServer(FakeServer):
    """Lost every fact after ``kept`` (restored from a backup); refuses gaps like the server."""

    def __init__(self, kept: int) -> None:
        super().__init__()
        self.last_seq = kept

    def push(self, facts):
        if facts[0].seq > self.last_seq + 1:
            self.batches.append([f.seq for f in facts])
            raise RequestRefused(
                409,
                ApiError(
                    code="sequence_gap",
                    message=f"expected fact number {self.last_seq + 1} next",
                    details=[{"expected_seq": self.last_seq + 1, "last_seq": self.last_seq}],
                ),
            )
        response = super().push(facts)
        self.last_seq = max(self.last_seq, facts[-1].seq)
        return response


def test_facts_a_restored_server_lost_are_sent_again_once():
    outbox = FakeOutbox(7)
    outbox.acknowledge([FactResult(id=f.id, seq=f.seq, status="stored") for f in outbox.facts[:5]])
    server = RestoredServer(kept=2)
    pushed, _ = _engine(server, outbox, FakeReplica(), batch_size=10).sync_once()
    assert server.batches == [[6, 7], [3, 4, 5, 6, 7]]
    assert (pushed.resent_from, pushed.stored) == (3, 5)
    assert outbox.pending_count() == 0


def test_a_gap_no_fact_of_the_device_can_fill_stops_the_run():
    outbox = FakeOutbox(3)
    server = RestoredServer(kept=-1)  # wants fact 0: something else is wrong
    with pytest.raises(SyncFailed, match="expected fact number 0 next"):
        _engine(server, outbox, FakeReplica()).sync_once()
    assert server.batches == [[1, 2, 3]] and outbox.acked == []


def test_facts_are_sent_again_at_most_once_per_run():
    outbox = FakeOutbox(4)
    outbox.acknowledge([FactResult(id=f.id, seq=f.seq, status="stored") for f in outbox.facts[:3]])
    outbox.resend_from = lambda seq: None  # the gap stays: the run must not loop
    server = RestoredServer(kept=0)
    with pytest.raises(SyncFailed, match="expected fact number 1 next"):
        _engine(server, outbox, FakeReplica()).sync_once()
    assert server.batches == [[4], [4]]


class FakeSnapshot:
    """A snapshot source: installs ``rows`` of the server at ``cursor``, or fails as queued."""

    def __init__(self, server: FakeServer, replica: FakeReplica, *, at: int) -> None:
        self.server, self.replica, self.at = server, replica, at
        self.answers: list[Exception | None] = []
        self.loads = 0

    def wanted(self) -> bool:
        return self.replica.saved_cursor == ""

    def load(self, *, on_bytes=None):
        self.loads += 1
        if self.answers:
            answer = self.answers.pop(0)
            if answer is None:
                return None  # not offered
            raise answer
        for done in (0, 512, 1024):
            on_bytes(done, 1024)
        self.replica.rows += self.server.rows[: self.at]
        self.replica.saved_cursor = str(self.at)
        return self.at


def test_a_first_sync_installs_the_snapshot_then_pulls_from_its_cursor():
    server, replica = FakeServer(rows=25), FakeReplica()
    snapshot = FakeSnapshot(server, replica, at=20)
    engine = _engine(server, FakeOutbox(0), replica, page_size=10, snapshot=snapshot)
    states, downloaded = [], []
    engine.status.subscribe(states.append)
    _, pulled = engine.sync_once(on_download=lambda d, t: downloaded.append((d, t)))
    assert downloaded == [(0, 1024), (512, 1024), (1024, 1024)]
    assert [(s.phase, s.bytes_done, s.progress) for s in states if s.phase == "downloading"][
        -1
    ] == ("downloading", 1024, 1.0)
    assert pulled.snapshot and pulled.rows == 25 and pulled.pages == 1
    assert replica.rows == server.rows and replica.saved_cursor == "25"
    engine.sync_once()  # the catalog is there now: no second snapshot
    assert snapshot.loads == 1


def test_no_snapshot_offered_or_a_refused_one_falls_back_to_the_paged_pull():
    from kassa.sync.replica.snapshot_file import BadSnapshot

    for answer in (None, BadSnapshot("the catalog snapshot's sha256 is not the one announced")):
        server, replica = FakeServer(rows=25), FakeReplica()
        snapshot = FakeSnapshot(server, replica, at=20)
        snapshot.answers = [answer]
        engine = _engine(server, FakeOutbox(0), replica, page_size=10, snapshot=snapshot)
        _, pulled = engine.sync_once()
        assert not pulled.snapshot and (pulled.rows, pulled.pages) == (25, 3)
        assert replica.rows == server.rows


def test_a_cut_snapshot_download_is_tried_again():
    server, replica = FakeServer(rows=25), FakeReplica()
    snapshot = FakeSnapshot(server, replica, at=25)
    snapshot.answers = [OutcomeUnknown("GET /snapshot: connection lost during the download")]
    engine = _engine(server, FakeOutbox(0), replica, snapshot=snapshot)
    _, pulled = engine.sync_once()
    assert snapshot.loads == 2 and pulled.snapshot and replica.rows == server.rows
