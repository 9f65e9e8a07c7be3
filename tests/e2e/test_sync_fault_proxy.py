"""The fault proxy itself: each fault does to a real HTTP exchange what it says.

Upstream is a small stdlib HTTP server that answers pushes the way the sync
protocol does (by fact id: stored, then duplicate) and counts only requests
whose body arrived whole; the client is the device's real ``HttpTransport``.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sync_fault_proxy import Fault, FaultProxy, random_plan, scripted

from kassa.core.ids import new_id
from kassa.sync.client.transport import HttpTransport, OutcomeUnknown
from kassa.sync.protocol import PushFact


class _PushCounter(BaseHTTPRequestHandler):
    seen: dict[str, int]
    lock = threading.Lock()

    def do_POST(self) -> None:
        length = int(self.headers["content-length"])
        body = self.rfile.read(length)
        if len(body) < length:
            return  # cut off mid-request: never acted on
        facts = json.loads(body)["facts"]
        results = []
        with self.lock:
            for fact in facts:
                status = "duplicate" if fact["id"] in self.seen else "stored"
                self.seen[fact["id"]] = self.seen.get(fact["id"], 0) + 1
                results.append({"id": fact["id"], "seq": fact["seq"], "status": status})
        answer = json.dumps({"results": results, "last_seq": facts[-1]["seq"]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def upstream():
    handler = type("Handler", (_PushCounter,), {"seen": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, handler.seen
    server.shutdown()
    server.server_close()


def _facts(count: int = 3) -> list[PushFact]:
    return [
        PushFact(
            id=new_id(),
            type="receipt",
            seq=seq,
            prev_hash="0" * 64,
            hash=f"{seq:064x}",
            device_time=datetime(2026, 11, 23, 12, 0, tzinfo=UTC),
            payload={"total_minor": 350 * seq, "currency": "EUR"},
        )
        for seq in range(1, count + 1)
    ]


def _push_through(proxy: FaultProxy, facts: list[PushFact], timeout: float = 5.0):
    with HttpTransport(base_url=proxy.url, token="t", timeout=timeout) as transport:
        return transport.push(facts)


def test_pass_forwards_once_and_returns_the_answer(upstream):
    server, seen = upstream
    facts = _facts()
    with FaultProxy(upstream_port=server.server_port) as proxy:
        response = _push_through(proxy, facts)
    assert [r.status for r in response.results] == ["stored"] * 3
    assert seen == {str(f.id): 1 for f in facts}


@pytest.mark.parametrize(
    ("fault", "server_copies"),
    [
        (Fault.DROP_REQUEST, 0),
        (Fault.DROP_RESPONSE, 1),
        (Fault.ERROR_500, 0),
        (Fault.ERROR_500_AFTER, 1),
    ],
)
def test_broken_exchanges_leave_the_outcome_unknown(upstream, fault, server_copies):
    server, seen = upstream
    facts = _facts()
    with FaultProxy(upstream_port=server.server_port, plan=scripted([fault])) as proxy:
        with pytest.raises(OutcomeUnknown):
            _push_through(proxy, facts)
        assert proxy.exchanges[0].fault is fault
        # Sending the same batch again settles it: stored or already there.
        again = _push_through(proxy, facts)
    expected = "duplicate" if server_copies else "stored"
    assert [r.status for r in again.results] == [expected] * 3
    assert seen == {str(f.id): server_copies + 1 for f in facts}


def test_duplicate_sends_the_request_to_the_server_twice(upstream):
    server, seen = upstream
    facts = _facts()
    with FaultProxy(upstream_port=server.server_port, plan=scripted([Fault.DUPLICATE])) as proxy:
        response = _push_through(proxy, facts)
        assert proxy.exchanges[0].forwarded == 2
    assert [r.status for r in response.results] == ["duplicate"] * 3
    assert seen == {str(f.id): 2 for f in facts}


def test_delay_longer_than_the_read_timeout_is_a_timeout_but_reaches_the_server(upstream):
    server, seen = upstream
    facts = _facts(1)
    plan = scripted([Fault.DELAY])
    proxy = FaultProxy(upstream_port=server.server_port, plan=plan, delay=1.0)
    with proxy, pytest.raises(OutcomeUnknown, match="no answer in time"):
        _push_through(proxy, facts, timeout=0.3)
    # stop() waited for the delayed exchange: the server got it after the device gave up
    assert seen == {str(facts[0].id): 1}


def test_a_stopped_server_looks_like_a_dropped_connection(upstream):
    server, _ = upstream
    port = server.server_port
    server.shutdown()
    server.server_close()
    with FaultProxy(upstream_port=port) as proxy, pytest.raises(OutcomeUnknown):
        _push_through(proxy, _facts(1))


def test_random_plan_is_repeatable_and_only_hits_matching_paths():
    faults = [Fault.DROP_REQUEST, Fault.ERROR_500]
    first = random_plan(seed=7, rate=0.5, faults=faults, path_prefix="/api/v1/push")
    second = random_plan(seed=7, rate=0.5, faults=faults, path_prefix="/api/v1/push")
    picks = [first(i, "POST", "/api/v1/push") for i in range(50)]
    assert picks == [second(i, "POST", "/api/v1/push") for i in range(50)]
    assert {Fault.PASS, *faults} == set(picks)
    assert {first(i, "GET", "/api/v1/pull") for i in range(20)} == {Fault.PASS}
