"""One soak run: head office, two server processes on PostgreSQL, many terminals, faults.

``run_soak`` builds the scene from the e2e fixtures (a PostgreSQL cluster, a
database on it, the ``server_process`` factory), lets the terminals sell and
sync for ``plan.seconds`` while head office changes prices and the chaos thread
restarts servers and the database, stops everything, lets each terminal sync
until its outbox is empty, and returns what it saw (``SoakResult``). It asserts
nothing itself; the test and ``python -m tests.soak`` judge the result.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from soak_chaos import Chaos
from soak_ledger import Ledger, count_facts, device_prices, server_prices
from soak_plan import SoakPlan
from soak_prices import PriceChanges
from soak_terminals import Terminal, enroll
from sync_devices import Device
from sync_fault_proxy import Fault, FaultProxy, random_plan
from sync_head_office import HeadOffice

from kassa.sync.replica.journal import verify_journal
from kassa.sync.replica.unit_of_work import reading

PROXY_FAULTS = [
    Fault.DROP_REQUEST,
    Fault.DROP_RESPONSE,
    Fault.DUPLICATE,
    Fault.ERROR_500,
    Fault.ERROR_500_AFTER,
]
START_PRICE = 100


@dataclass
class SoakResult:
    plan: SoakPlan
    ledger: Ledger
    wall_seconds: float
    settle_seconds: float
    injected: list = field(default_factory=list)  # soak_chaos.Injected
    proxy_faults: dict[str, int] = field(default_factory=dict)
    proxy_requests: int = 0
    price_changes: int = 0
    price_changes_by_command: int = 0
    price_retries: int = 0
    syncs_ok: int = 0
    syncs_failed: int = 0
    max_pending: int = 0
    unsettled: list[str] = field(default_factory=list)
    price_mismatches: list[str] = field(default_factory=list)
    broken_journals: list[str] = field(default_factory=list)  # terminals whose chain fails
    errors: list[str] = field(default_factory=list)


def run_soak(
    plan: SoakPlan, *, workdir: Path, database_url: str, pg_socket_dir: Path, server_process
) -> SoakResult:
    began = time.monotonic()
    stores = [f"S{n + 1:02d}" for n in range(plan.stores)]
    office = HeadOffice(database_url, workdir=_dir(workdir / "office"))
    for store in stores:
        office.catalog(store=store, products=plan.products, price_minor=START_PRICE, cli=False)
    servers = [server_process(database_url), server_process(database_url)]
    proxies = [
        FaultProxy(
            upstream_port=server.port,
            plan=random_plan(seed=plan.seed + n, rate=plan.proxy_fault_rate, faults=PROXY_FAULTS),
        ).start()
        for n, server in enumerate(servers)
    ]
    stop = threading.Event()
    terminals = []
    for n in range(plan.terminals):
        store, server, proxy = stores[n % len(stores)], servers[n % 2], proxies[n % 2]
        device = Device(workdir / f"terminal-{n:02d}")
        enroll(device, office=office.db, store=store, server_url=server.url)
        _ = device.replica  # opened (migrated) here: Alembic's upgrade is not thread-safe
        url = proxy.url if (n // 2) % 2 else server.url  # half of them through a fault proxy
        terminals.append(
            Terminal(
                name=f"terminal-{n:02d}",
                device=device,
                store=store,
                server_url=url,
                seed=plan.seed * 1000 + n,
                max_sales=plan.max_sales,
                stop=stop,
                background=n % 3 == 2,  # a third run the till's background sync job
            )
        )
    prices = PriceChanges(
        office=office,
        stores=stores,
        products=plan.products,
        every=plan.reprice_every,
        seed=plan.seed,
        stop=stop,
    )
    prices.set_initial(price_minor=START_PRICE)
    chaos = Chaos(
        servers=servers,
        pg_socket_dir=pg_socket_dir,
        every=plan.fault_every,
        seconds=plan.seconds,
        stop=stop,
    )
    try:
        for thread in [*terminals, prices, chaos]:
            thread.start()
        stop.wait(plan.seconds)
        chaos.done.wait(3 * plan.seconds)  # every kind of fault once, then calm
        stop.set()
        for thread in [*terminals, prices, chaos]:
            thread.join(timeout=180)
        chaos.ensure_up()
        for proxy in proxies:
            proxy.plan = lambda *_: Fault.PASS  # the network heals
        settle_began = time.monotonic()
        unsettled = [t.name for t in terminals if not t.settle()]
        settle_seconds = time.monotonic() - settle_began
        ledger = count_facts(
            database_url, {t.device.terminal_id: t.figures.sold for t in terminals}
        )
        mismatches = _price_mismatches(database_url, prices.expected, terminals)
        broken = [t.name for t in terminals if _journal_broken(t.device)]
    finally:
        stop.set()
        for proxy in proxies:
            proxy.stop()
        for terminal in terminals:
            terminal.device.close()
        office.close()
    exchanges = [e for proxy in proxies for e in proxy.exchanges]
    return SoakResult(
        plan=plan,
        ledger=ledger,
        wall_seconds=time.monotonic() - began,
        settle_seconds=settle_seconds,
        injected=chaos.injected,
        proxy_faults={
            fault.value: sum(1 for e in exchanges if e.fault is fault) for fault in PROXY_FAULTS
        },
        proxy_requests=len(exchanges),
        price_changes=prices.changes,
        price_changes_by_command=prices.by_command,
        price_retries=prices.retries,
        syncs_ok=sum(t.figures.syncs_ok for t in terminals),
        syncs_failed=sum(t.figures.syncs_failed for t in terminals),
        max_pending=max(t.figures.max_pending for t in terminals),
        unsettled=unsettled,
        price_mismatches=mismatches,
        broken_journals=broken,
        errors=[
            *chaos.errors,
            *prices.errors,
            *(f"{t.name}: {e}" for t in terminals for e in t.figures.errors),
            *(f"{t.name} did not stop" for t in [*terminals, prices, chaos] if t.is_alive()),
        ],
    )


def _price_mismatches(database_url: str, expected: dict, terminals: list[Terminal]) -> list[str]:
    found = []
    for store, prices in expected.items():
        if server_prices(database_url, store=store) != prices:
            found.append(f"server: {store}'s price list is not head office's last import")
    for terminal in terminals:
        held = device_prices(terminal.device.replica.engine, store=terminal.store)
        if held != expected[terminal.store]:
            wrong = sum(1 for sku, p in expected[terminal.store].items() if held.get(sku) != p)
            found.append(f"{terminal.name}: {wrong} price(s) of {terminal.store} not the latest")
    return found


def _journal_broken(device: Device) -> bool:
    with reading(device.replica) as connection:
        return verify_journal(connection) is not None


def _dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
