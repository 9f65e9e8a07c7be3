"""Sync through a network that breaks: nothing lost, nothing doubled, no gaps.

A loopback proxy sits between one device and a real server process and, at
random (seeded, so a failure replays), drops connections mid-request and
mid-response, delays answers past the device's timeout, sends requests to the
server twice, and answers 500 before or after the server acted. The device
keeps selling and syncing through it; once the network heals, the server holds
every sale exactly once in a gapless sequence and the device every price.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time

import pytest
from sync_devices import Device, assert_exactly_once, server_facts, server_prices
from sync_fault_proxy import Fault, FaultProxy, random_plan, scripted
from sync_head_office import HeadOffice

from kassa.server.store import sqlite_url
from kassa.sync.client.engine import SyncFailed

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(480)]

ALL_FAULTS = [
    Fault.DROP_REQUEST,
    Fault.DROP_RESPONSE,
    Fault.DUPLICATE,
    Fault.ERROR_500,
    Fault.ERROR_500_AFTER,
    Fault.DROP_REQUEST,
    Fault.DROP_RESPONSE,
    Fault.DUPLICATE,
    Fault.ERROR_500_AFTER,
    Fault.DELAY,  # rarer: each one costs a client timeout
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def head_office(request, tmp_path, server_process):
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "server.db")
    else:
        url = request.getfixturevalue("postgres_url")
    office = HeadOffice(url, workdir=tmp_path)
    office.catalog(store="S01", products=60, price_minor=100, cli=False)
    yield office, server_process(url)
    office.close()


@pytest.fixture
def device(tmp_path, head_office):
    office, server = head_office
    device = Device(tmp_path / "device")
    device.enroll(server_url=server.url, code=office.enroll_code("S01"))
    yield device
    device.close()


@pytest.mark.parametrize("seed", [11, 12])
def test_push_and_pull_through_random_faults(head_office, device, seed):
    office, server = head_office
    rng = random.Random(seed)
    # every kind of fault once, early, then at random
    plan = scripted(list(Fault)[1:], then=random_plan(seed=seed, rate=0.45, faults=ALL_FAULTS))
    sold = []
    with FaultProxy(upstream_port=server.port, plan=plan, delay=1.2) as proxy:
        engine = device.engine(server_url=proxy.url, timeout=0.8)
        engine.batch_size, engine.page_size = 4, 15
        for round_ in range(10):
            sold += device.sell(rng.randint(1, 9))
            if round_ % 3 == 1:
                office.reprice(store="S01", products=20, price_minor=1000 * round_, cli=False)
            with contextlib.suppress(SyncFailed):  # a round may give up: facts stay queued
                engine.sync_once()
        proxy.plan = lambda *_: Fault.PASS  # the network heals
        healed = device.engine(server_url=proxy.url, timeout=15)
        healed.sync_once()
        faults_seen = {exchange.fault for exchange in proxy.exchanges}
    assert faults_seen >= set(ALL_FAULTS), f"not every fault happened: {faults_seen}"
    assert device.pending() == 0
    assert healed.status.state.last_error is None
    assert_exactly_once(server_facts(office.database_url), {device.terminal_id: sold})
    assert device.prices() == server_prices(office.database_url, device.store_id)


def test_background_sync_keeps_up_with_a_cashier_through_faults(head_office, device):
    office, server = head_office
    plan = random_plan(seed=5, rate=0.35, faults=ALL_FAULTS)
    sold = []
    with FaultProxy(upstream_port=server.port, plan=plan, delay=1.0) as proxy:
        service = device.service(server_url=proxy.url, interval=0.5)
        service.start()
        try:
            for _ in range(30):  # a cashier: a sale, then a nudge, as the terminal does
                sold += device.sell(1)
                service.nudge()
                time.sleep(0.03)
            assert threading.current_thread() is threading.main_thread()
            proxy.plan = lambda *_: Fault.PASS
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                state = service.state()  # wait for a clean run after the network healed
                clean = state.phase == "idle" and state.last_error is None
                if clean and state.pending == 0 and device.pending() == 0:
                    break
                time.sleep(0.1)
        finally:
            service.stop()
    assert device.pending() == 0
    assert_exactly_once(server_facts(office.database_url), {device.terminal_id: sold})
    state = service.state()
    assert state.last_success is not None and state.last_error is None
