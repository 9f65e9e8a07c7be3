"""`kassa server import/export` on a real SQLite file, with the sample files of docs/csv."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from kassa.cli import app
from kassa.server.store import Database, sqlite_url
from kassa.server.tables import ChangeCounter
from kassa.sync.models import PriceListItem, Product, User

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "csv"
ORDER = (
    "stores",
    "taxes",
    "units",
    "product-groups",
    "products",
    "barcodes",
    "price-lists",
    "prices",
    "customers",
    "payment-methods",
    "roles",
    "users",
)


@pytest.fixture
def kassa(tmp_path):
    runner = CliRunner()
    env = {"KASSA_DATA_DIR": str(tmp_path / "data"), "KASSA_CONFIG": str(tmp_path / "none.toml")}

    def run(*args: str):
        return runner.invoke(app, ["server", *args], env=env, catch_exceptions=False)

    assert run("init").exit_code == 0
    run.db = Database(sqlite_url(tmp_path / "data" / "server.db"))  # type: ignore[attr-defined]
    yield run
    run.db.dispose()  # type: ignore[attr-defined]


def _count(db: Database, model) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _counter(db: Database) -> int:
    with db.read() as session:
        return session.get(ChangeCounter, 1).value


def test_every_sample_file_imports_and_a_second_import_only_updates(kassa):
    for kind in ORDER:
        result = kassa("import", kind, str(SAMPLES / f"{kind}.csv"))
        assert result.exit_code == 0, result.output
        assert "created" in result.output
    assert _count(kassa.db, PriceListItem) == 6
    again = kassa("import", "products", str(SAMPLES / "products.csv"))
    assert "0 created, 4 updated" in again.output
    with kassa.db.read() as session:
        anna = session.exec(select(User).where(User.code == "anna")).one()
        brulee = session.exec(select(Product).where(Product.sku == "1001")).one()
    assert anna.pin_hash.startswith("$argon2id$") and "1234" not in anna.pin_hash
    assert brulee.name == "Crème brûlée"


def test_export_writes_the_import_format_and_round_trips(kassa, tmp_path):
    for kind in ORDER[:8]:
        kassa("import", kind, str(SAMPLES / f"{kind}.csv"))
    out = tmp_path / "prices-out.csv"
    assert kassa("export", "prices", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "price_list,sku,price,currency,min_qty"
    assert "RETAIL,2001,1.00,EUR,6" in lines and "RETAIL,1002,3.90,EUR,1" in lines
    result = kassa("import", "prices", str(out))
    assert "0 created, 6 updated" in result.output


def test_a_bad_file_names_every_line_and_column_and_writes_nothing(kassa, tmp_path):
    for kind in ORDER[:4]:
        kassa("import", kind, str(SAMPLES / f"{kind}.csv"))
    before = (_count(kassa.db, Product), _counter(kassa.db))
    bad = tmp_path / "products.csv"
    bad.write_text(
        "sku,name,tax,unit,group,weighed\n"
        "P1,Good row,STD,pc,FOOD,false\n"
        "P2,Unknown tax,NOPE,pc,,\n"
        "P3,,STD,pc,,\n"
        "P4,Bad flag,STD,pc,,maybe\n"
        "P1,Twice,STD,pc,,\n",
        encoding="utf-8",
    )
    result = kassa("import", "products", str(bad))
    assert result.exit_code == 1
    message = result.output
    assert "4 problem(s); nothing was imported" in message
    assert "line 3, column tax: no tax with code 'NOPE'" in message
    assert "line 4, column name: is empty but required" in message
    assert "line 5, column weighed: 'maybe' is not true or false" in message
    assert "line 6: same sku as line 2" in message
    assert (_count(kassa.db, Product), _counter(kassa.db)) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "price_list,sku,price\nRETAIL,1001,4.505\n",
            "line 2, column price: amount '4.505' has more decimals than EUR allows",
        ),
        ("price_list,sku,prize\nRETAIL,1001,4.50\n", "line 1, column prize: unknown column"),
        ("price_list;sku;price\n", "line 1: the columns are separated by ';'; use commas"),
        (
            "price_list,sku,price\nRETAIL,9999,4.50\n",
            "line 2, column sku: no product with sku '9999'",
        ),
    ],
)
def test_price_file_mistakes_get_clear_messages(kassa, tmp_path, content, expected):
    for kind in ORDER[:7]:
        kassa("import", kind, str(SAMPLES / f"{kind}.csv"))
    path = tmp_path / "prices.csv"
    path.write_text(content, encoding="utf-8")
    result = kassa("import", "prices", str(path))
    assert result.exit_code == 1
    assert expected in result.output
    assert _count(kassa.db, PriceListItem) == 0


def test_enroll_code_prints_the_code_alone_and_refuses_unknown_stores(kassa):
    kassa("import", "stores", str(SAMPLES / "stores.csv"))
    result = kassa("enroll-code", "--store", "MAIN")
    assert result.exit_code == 0
    code = result.stdout.strip().splitlines()[0]
    assert len(code) == 11 and code[5] == "-"
    missing = kassa("enroll-code", "--store", "NOPE")
    assert missing.exit_code == 1 and "no store with code 'NOPE'" in missing.output


def test_revoke_terminal_and_create_user_from_the_command_line(kassa):
    from fastapi.testclient import TestClient

    from kassa.server.app import create_app
    from kassa.server.settings import ServerSettings

    kassa("import", "stores", str(SAMPLES / "stores.csv"))
    code = kassa("enroll-code", "--store", "MAIN").stdout.strip().splitlines()[0]
    app = create_app(ServerSettings(database_url=kassa.db.url), database=kassa.db)
    with TestClient(app) as client:
        till = client.post("/api/v1/enroll", json={"code": code, "device_name": "till"}).json()
        headers = {"Authorization": f"Bearer {till['token']}"}
        assert client.get("/api/v1/pull", headers=headers).status_code == 200
        result = kassa("revoke-terminal", "--store", "MAIN", "--terminal", till["terminal_code"])
        assert result.exit_code == 0, result.output
        refused = client.get("/api/v1/pull", headers=headers)
        assert refused.status_code == 401 and refused.json()["code"] == "terminal_revoked"
        weak = kassa("create-user", "ops", "--role", "admin", "--password", "short")
        assert weak.exit_code == 1 and "at least 8 characters" in weak.output
        made = kassa("create-user", "ops", "--role", "admin", "--password", "long enough")
        assert made.exit_code == 0
        login = client.post(
            "/api/v1/auth/login", json={"username": "ops", "password": "long enough"}
        )
        assert login.status_code == 200 and login.json()["role"] == "admin"


def test_an_update_touches_only_the_columns_in_the_file(kassa, tmp_path):
    for kind in ("stores", "roles", "users", "taxes", "units", "product-groups", "products"):
        kassa("import", kind, str(SAMPLES / f"{kind}.csv"))
    with kassa.db.read() as session:
        before = session.exec(select(User).where(User.code == "anna")).one().pin_hash
    names = tmp_path / "users.csv"
    names.write_text("code,name,role,pin\nanna,Anna K.,CASHIER,\n", encoding="utf-8")
    assert kassa("import", "users", str(names)).exit_code == 0
    short = tmp_path / "products.csv"
    short.write_text("sku,name,tax,unit\n1003,Apples (loose),RED,kg\n", encoding="utf-8")
    assert kassa("import", "products", str(short)).exit_code == 0
    with kassa.db.read() as session:
        anna = session.exec(select(User).where(User.code == "anna")).one()
        apples = session.exec(select(Product).where(Product.sku == "1003")).one()
    assert anna.name == "Anna K." and anna.pin_hash == before  # an empty PIN keeps the old one
    assert apples.name == "Apples (loose)" and apples.weighed  # no 'weighed' column: unchanged
    assert apples.description == "Sold by weight"


def test_every_kind_exports_what_imports_back_unchanged(kassa, tmp_path):
    for kind in ORDER:
        kassa("import", kind, str(SAMPLES / f"{kind}.csv"))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    for kind in ORDER:
        assert kassa("export", kind, str(first / f"{kind}.csv")).exit_code == 0
        again = kassa("import", kind, str(first / f"{kind}.csv"))
        assert again.exit_code == 0, again.output
        assert " 0 created" in again.output, (kind, again.output)
        assert kassa("export", kind, str(second / f"{kind}.csv")).exit_code == 0
        exported = (first / f"{kind}.csv").read_text(encoding="utf-8")
        assert exported == (second / f"{kind}.csv").read_text(encoding="utf-8"), kind
        assert len(exported.splitlines()) == len((SAMPLES / f"{kind}.csv").read_text().splitlines())
    with kassa.db.read() as session:
        anna = session.exec(select(User).where(User.code == "anna")).one()
    assert anna.pin_hash.startswith("$argon2id$")  # an exported file has no PINs: kept
