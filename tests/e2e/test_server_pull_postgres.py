"""A pull never misses a change on PostgreSQL: concurrent writers, two server processes.

Writer threads commit multi-row transactions straight into the database (as an
import does) and others create and rename products through the HTTP API of two
server processes; one puller per server pages through with a small limit
while they run. Afterwards each puller holds exactly the final state.
"""

from __future__ import annotations

import random
import threading
import time

import httpx
import pytest
from sqlmodel import select

from kassa.server.changes import ChangeWriter
from kassa.server.enrollment import make_enroll_code
from kassa.server.office import create_user, open_session
from kassa.server.pull import pull_page
from kassa.server.schema import upgrade
from kassa.server.store import Database
from kassa.sync.models import Product, Store, Tax, Unit, utc_now

pytestmark = [pytest.mark.postgres, pytest.mark.e2e, pytest.mark.slow]

DB_WRITERS, HTTP_WRITERS, TRANSACTIONS, ROWS = 4, 2, 30, 4


def _seed(db: Database) -> dict:
    with db.write() as session:
        changes = ChangeWriter(session)
        store = changes.save(Store(code="S1", name="Main"))
        tax = changes.save(Tax.model_validate({"code": "STD", "name": "Std", "rate": "20"}))
        unit = changes.save(Unit(code="pc", name="piece"))
        user = create_user(session, username="boss", password="long enough", role="admin")
        session.flush()
        token = open_session(session, user=user, now=utc_now())
        codes = [make_enroll_code(session, store=store, now=utc_now())[0] for _ in range(2)]
    return {"store": store.id, "tax": tax.id, "unit": unit.id, "admin": token, "codes": codes}


def _db_writer(db: Database, n: int, seed: dict, errors: list) -> None:
    rng, mine = random.Random(n), []
    try:
        for t in range(TRANSACTIONS):
            with db.write() as session:
                changes = ChangeWriter(session)
                for r in range(ROWS):
                    if mine and rng.random() < 0.3:
                        row = session.get(Product, rng.choice(mine))
                        row.name = f"renamed {n}-{t}-{r}"
                        changes.save(row)
                    else:
                        product = Product(
                            sku=f"D{n}-{t}-{r}",
                            name="new",
                            tax_id=seed["tax"],
                            unit_id=seed["unit"],
                        )
                        mine.append(changes.save(product).id)
                    if r == 0:  # the version is taken: hold the transaction open a moment
                        time.sleep(rng.random() * 0.03)
            time.sleep(0.01 + rng.random() * 0.03)  # pace the writes: pullers stay at the head
    except BaseException as exc:
        errors.append(exc)


def _http_writer(urls: list[str], n: int, seed: dict, errors: list) -> None:
    headers = {"Authorization": f"Bearer {seed['admin']}"}
    try:
        with httpx.Client(timeout=30) as http:
            for t in range(TRANSACTIONS):
                url = urls[t % len(urls)]
                body = {
                    "sku": f"H{n}-{t}",
                    "name": "via api",
                    "tax_id": str(seed["tax"]),
                    "unit_id": str(seed["unit"]),
                }
                answer = http.post(f"{url}/api/v1/products", json=body, headers=headers)
                assert answer.status_code == 201, answer.text
                body["name"] = "renamed via api"
                row_id = answer.json()["id"]
                again = http.put(f"{url}/api/v1/products/{row_id}", json=body, headers=headers)
                assert again.status_code == 200, again.text
    except BaseException as exc:
        errors.append(exc)


def _puller(url: str, token: str, stop: threading.Event, out: dict, errors: list) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    cursor, seen, pulls = "", {}, 0
    try:
        with httpx.Client(timeout=30) as http:
            while True:
                finishing = stop.is_set()
                answer = http.get(
                    f"{url}/api/v1/pull", params={"cursor": cursor, "limit": 40}, headers=headers
                )
                assert answer.status_code == 200, answer.text
                page = answer.json()
                assert not page["reset"]
                for change in page["changes"]:
                    assert change["version"] >= seen.get(change["id"], 0)
                    seen[change["id"]] = change["version"]
                cursor, pulls = page["next_cursor"], pulls + 1
                if finishing and not page["has_more"]:
                    break
    except BaseException as exc:
        errors.append(exc)
    out.update(seen=seen, pulls=pulls)


def _direct_puller(db: Database, store_id, stop: threading.Event, out: dict, errors: list) -> None:
    """Pulls straight from the database, fast enough to stay at the head of the writes."""
    cursor, seen, pulls = "", {}, 0
    try:
        while True:
            finishing = stop.is_set()
            with db.read() as session:
                page = pull_page(session, store_id=store_id, cursor=cursor, limit=40)
            assert not page.reset
            for change in page.changes:
                seen[str(change.id)] = change.version
            cursor, pulls = page.next_cursor, pulls + 1
            if finishing and not page.has_more:
                break
    except BaseException as exc:
        errors.append(exc)
    out.update(seen=seen, pulls=pulls)


def test_concurrent_writers_and_pullers_on_postgres(postgres_url, server_process):
    db = Database(postgres_url)
    upgrade(db)
    seed = _seed(db)
    servers = [server_process(postgres_url), server_process(postgres_url)]
    tokens = []
    for server, code in zip(servers, seed["codes"], strict=True):
        answer = httpx.post(f"{server.url}/api/v1/enroll", json={"code": code, "device_name": "t"})
        tokens.append(answer.json()["token"])
    errors: list[BaseException] = []
    stop, results = threading.Event(), [{}, {}, {}]
    pullers = [
        threading.Thread(target=_puller, args=(s.url, tok, stop, results[i], errors))
        for i, (s, tok) in enumerate(zip(servers, tokens, strict=True))
    ]
    pullers.append(
        threading.Thread(target=_direct_puller, args=(db, seed["store"], stop, results[2], errors))
    )
    writers = [
        threading.Thread(target=_db_writer, args=(db, n, seed, errors)) for n in range(DB_WRITERS)
    ]
    writers += [
        threading.Thread(target=_http_writer, args=([s.url for s in servers], n, seed, errors))
        for n in range(HTTP_WRITERS)
    ]
    for thread in pullers + writers:
        thread.start()
    for thread in writers:
        thread.join(120)
    stop.set()
    for thread in pullers:
        thread.join(120)
    assert errors == []
    with db.read() as session:
        final = {str(p.id): p.version for p in session.exec(select(Product))}
    assert len(final) > (DB_WRITERS + HTTP_WRITERS) * TRANSACTIONS  # hundreds of rows written
    for result in results:
        products = {k: v for k, v in result["seen"].items() if k in final}
        assert products == final
        assert result["pulls"] > 10
    db.dispose()
