"""Pull rows without ORM objects: the device gets the same JSON, on SQLite and PostgreSQL.

The server turns raw database rows into wire dicts (``server/pull_rows.py``)
instead of loading ORM objects and ``model_dump(mode="json")``-ing them. For
every replicated table, rows with every column set (times with and without
microseconds, given in another zone) and with every nullable column empty must
come out as the ORM dump does. On PostgreSQL the page query must be a range
scan from the cursor, as on SQLite (checked there with EXPLAIN QUERY PLAN).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, Uuid, bindparam, insert, text
from sqlmodel import select

from kassa.server.pull import pull_body
from kassa.server.pull_rows import AFTER_ROW, table_plans
from kassa.server.schema import upgrade
from kassa.server.store import Database, sqlite_url
from kassa.sync.models import TABLE_MODELS, DecimalText, replicated_metadata_tables

STORE = uuid.UUID("0190aaaa-0000-7000-8000-000000000001")
OTHER = uuid.UUID("0190aaaa-0000-7000-8000-000000000002")  # another store


def _value(column, n: int):
    kind = column.type
    if column.name == "deleted":
        return False
    if column.name == "version":
        return 3
    if n == 1 and column.nullable:
        return None
    if isinstance(kind, Uuid):
        return STORE if column.name == "store_id" else uuid.uuid4()
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        if n == 0:  # microseconds, another zone on the way in
            return datetime(2026, 3, 1, 10, 30, 15, 120, tzinfo=timezone(timedelta(hours=2)))
        return datetime(2026, 4, 1, tzinfo=UTC)
    if isinstance(kind, DecimalText):
        return Decimal("1.50") if n == 0 else Decimal("20")
    if isinstance(kind, Date):
        return date(2026, 3, 31)
    if isinstance(kind, JSON):
        if TABLE_MODELS[column.table.name].model_fields[column.name].annotation == list[str]:
            return ["sell", "Crème ä 日本"][n:]
        return [{"sku": "P1", "qty": "2", "name": "Crème ä 日本", "n": [1, None]}][n:]
    if isinstance(kind, Boolean):
        return n == 0
    if isinstance(kind, Integer):
        return 700 + n
    length = getattr(kind, "length", None) or 40
    return f"{n}{column.name}-é"[:length]


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path):
    if request.param == "sqlite":
        db = Database(sqlite_url(tmp_path / "server.db"))
    else:
        db = Database(request.getfixturevalue("postgres_url"))
    upgrade(db)
    yield db
    db.dispose()


@pytest.fixture
def postgres_database(postgres_url):
    """PostgreSQL only (SQLite's plan: tests/integration/server/test_server_pull_plan.py)."""
    db = Database(postgres_url)
    upgrade(db)
    yield db
    db.dispose()


def _fill(db: Database) -> None:
    with db.write() as session:
        for table in replicated_metadata_tables():
            rows = [{c.name: _value(c, n) for c in table.columns} for n in range(2)]
            session.execute(insert(table), rows)


def test_every_table_goes_out_as_the_orm_dump_would(database):
    _fill(database)
    with database.read() as session:
        connection = session.connection()
        plans = table_plans(connection.dialect.name, initial=False, after=None)
        for table, model in TABLE_MODELS.items():
            expected = {
                str(row.id): row.model_dump(mode="json") for row in session.exec(select(model))
            }
            selected = ", ".join(f'"{c.name}"' for c in model.__table__.columns)
            raw = connection.exec_driver_sql(f'SELECT {selected} FROM "{table}"')
            got = {row["id"]: row for row in map(plans[table].wire, raw)}
            assert got.keys() == expected.keys() and len(got) == 2, table
            for row_id, row in got.items():
                want = expected[row_id]
                for name, value in row.items():  # decimals: the stored canonical text
                    if isinstance(model.__table__.c[name].type, DecimalText) and value:
                        assert Decimal(value) == Decimal(want[name]), (table, name)
                    else:
                        assert value == want[name], (table, name)
                assert row.keys() == want.keys(), table


def test_a_first_page_holds_the_store_scope_and_nothing_of_another_store(database):
    _fill(database)  # per table: a row of STORE (or with random ids) and a global row
    with database.write() as session:  # the store's own row, and a row of another store
        for table in replicated_metadata_tables():
            row = {c.name: _value(c, 2) for c in table.columns}
            if table.name == "stores":
                session.execute(insert(table), [{**row, "id": STORE}])
            elif "store_id" in table.c:
                session.execute(insert(table), [{**row, "store_id": OTHER}])
    with database.read() as session:
        body = pull_body(session, store_id=STORE, cursor="", limit=1000)
    page = json.loads(json.dumps(body))
    assert {c["table"] for c in page["changes"]} == set(TABLE_MODELS)
    stores = [c["id"] for c in page["changes"] if c["table"] == "stores"]
    assert stores == [str(STORE)]  # of the stores, only its own
    assert not [c for c in page["changes"] if c["data"].get("store_id") == str(OTHER)]
    scoped = {c["table"] for c in page["changes"] if c["data"].get("store_id") == str(STORE)}
    assert scoped == {t.name for t in replicated_metadata_tables() if "store_id" in t.c}
    assert len(page["changes"]) == 2 * len(TABLE_MODELS) - 1  # two a table, one store
    assert not page["has_more"] and page["remaining"] == 0


def test_postgres_pages_walk_the_version_index(postgres_database):
    database = postgres_database
    rows = [
        {
            "id": uuid.uuid4(),
            "version": 1 + n // 1000,
            "deleted": False,
            "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
            "price_list_id": uuid.uuid4(),
            "product_id": uuid.uuid4(),
            "min_qty": Decimal(1),
            "price_minor": 100,
            "currency": "EUR",
            "store_id": None if n % 50 else STORE,
        }
        for n in range(20_000)
    ]
    table = TABLE_MODELS["price_list_items"].__table__
    with database.write() as session:
        session.execute(insert(table), rows)
    database.refresh_statistics(tables=["price_list_items"])
    plan = table_plans("postgresql", initial=False, after=AFTER_ROW)["price_list_items"]
    with database.read() as session:
        explained = session.execute(
            text(f"EXPLAIN {plan.positions.text}").bindparams(
                bindparam("row_id", type_=Uuid()), bindparam("store_id", type_=Uuid())
            ),
            {"version": 19, "row_id": uuid.uuid4(), "store_id": STORE, "limit": 1001},
        ).scalars()
        shown = "\n".join(explained)
    # a range scan from the cursor (of the (version, id) index, or of the version index with
    # an incremental sort when the planner expects few rows), never the whole table
    assert "Seq Scan" not in shown, shown
    assert "Index Scan using ix_price_list_items_version" in shown, shown
    assert "Index Cond: (ROW(version, id) >" in shown or "Index Cond: (version >=" in shown, shown
