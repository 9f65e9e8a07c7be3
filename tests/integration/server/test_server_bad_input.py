"""Bad input at head office: CSV files in the wrong encoding, with the wrong delimiter or
columns, impossible numbers, unknown currencies or taxes, files and request bodies that are
too large. Each gets a message naming what is wrong and what to do, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from kassa.server.app import create_app
from kassa.server.csvio import ImportFailed, import_file
from kassa.server.settings import ServerSettings
from kassa.server.tables import ChangeCounter, Fact, TerminalSyncState
from kassa.sync.models import Barcode, PriceListItem, Product, Tax

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "csv"
CATALOG = ("stores", "taxes", "units", "product-groups", "products", "price-lists")


@pytest.fixture
def catalog_db(server_db):
    for kind in CATALOG:
        import_file(server_db, kind=kind, path=SAMPLES / f"{kind}.csv")
    return server_db


def _snapshot(db) -> tuple[int, ...]:
    with db.read() as session:
        counts = [
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Product, PriceListItem, Barcode, Tax)
        ]
        return (*counts, session.get(ChangeCounter, 1).value)


HEADER = b"price_list,sku,price\n"
CASES = [
    # encodings
    (
        "prices",
        HEADER + b"RETAIL,1001,4.50\nRETAIL,1002,Cr\xe8me\n",
        "line 3: not UTF-8 text (byte 0xe8 here; the file looks like Latin-1 or Windows-1252, "
        "where it is 'è'); save it again as 'CSV UTF-8 (comma delimited)'",
    ),
    (
        "prices",
        "price_list,sku,price\nRETAIL,1001,4.50\n".encode("utf-16"),
        "line 1: the file is UTF-16 text, not UTF-8; save it again as 'CSV UTF-8",
    ),
    (
        "prices",
        "price_list,sku,price\nRETAIL,1001,4.50\n".encode("utf-16-le"),  # no BOM
        "the file is UTF-16 text, not UTF-8",
    ),
    # delimiters and columns
    (
        "prices",
        b"price_list;sku;price\nRETAIL;1001;4.50\n",
        "line 1: the columns are separated by ';'; use commas",
    ),
    (
        "prices",
        b"price_list\tsku\tprice\nRETAIL\t1001\t4.50\n",
        "line 1: the columns are separated by tabs; use commas",
    ),
    (
        "prices",
        b"price_list,sku\nRETAIL,1001\n",
        "line 1, column price: required column is missing",
    ),
    (
        "prices",
        b"price_list,sku,price,colour\nRETAIL,1001,4.50,red\n",
        "line 1, column colour: unknown column; prices files have: price_list, sku, price",
    ),
    ("prices", HEADER + b"RETAIL,1001,4,50\n", "line 2: 4 cells; the header has 3"),
    ("prices", HEADER + b"RETAIL,1001\n", "line 2: too few cells; the header has 3"),
    # numbers
    (
        "prices",
        HEADER + b"RETAIL,1001,4.505\n",
        "line 2, column price: amount '4.505' has more decimals than EUR allows",
    ),
    (
        "prices",
        HEADER + b"RETAIL,1001,1e3\n",
        "line 2, column price: amount '1e3' is not a number; write it like 12.50",
    ),
    (
        "prices",
        HEADER + b'RETAIL,1001,"1,000.00"\n',
        "amount '1,000.00' is not a number; write it like 12.50 (a point, no grouping",
    ),
    (
        "prices",
        HEADER + b"RETAIL,1001,-4.50\n",
        "line 2, column price: amount '-4.50' is negative",
    ),
    (
        "prices",
        b"price_list,sku,price,min_qty\nRETAIL,1001,4.50,-2\n",
        "line 2, column min_qty: '-2' is not a quantity above zero; write it like 6 or 0.5",
    ),
    (
        "prices",
        b"price_list,sku,price,min_qty\nRETAIL,1001,4.50,0\n",
        "line 2, column min_qty: '0' is not a quantity above zero",
    ),
    (
        "barcodes",
        b"code,sku,quantity\n9001234567890,1001,-6\n",
        "line 2, column quantity: '-6' is not a quantity above zero",
    ),
    # currencies and taxes
    (
        "prices",
        b"price_list,sku,price,currency\nRETAIL,1001,4.50,XYZ\n",
        "line 2, column price: unknown currency code 'XYZ': use an ISO 4217 code",
    ),
    (
        "prices",
        b"price_list,sku,price,currency\nRETAIL,1001,4.50,USD\n",
        "line 2: price list RETAIL is in EUR, this price is in USD",
    ),
    (
        "price-lists",
        b"code,name,currency\nP2,Other,XYZ\n",
        "line 2: currency: unknown currency code 'XYZ'",
    ),
    (
        "products",
        b"sku,name,tax,unit\nZ1,Zed,NOPE,pc\n",
        "line 2, column tax: no tax with code 'NOPE'; import the taxes first or fix the code",
    ),
    (
        "taxes",
        b"code,name,rate\nX,Odd,abc\n",
        "line 2, column rate: 'abc' is not a tax rate; write the percent like 20, 7.7",
    ),
    ("taxes", b"code,name,rate\nX,Odd,-5\n", "line 2, column rate: '-5' is not a tax rate"),
    ("taxes", b"code,name,rate\nX,Odd,20%\n", "line 2, column rate: '20%' is not a tax rate"),
    (
        "taxes",
        b"code,name,rate\nX,Odd,7.123456\n",
        "'7.123456' is not a tax rate; write the percent like 20, 7.7 or 5.5 (a point, at most 4",
    ),
    (
        "taxes",
        b"code,name,rate\nX,Odd,120\n",
        "line 2, column rate: Input should be less than or equal to 100",
    ),
    # empty
    ("prices", b"", "line 1: the file is empty; the first line names the columns"),
]


@pytest.mark.parametrize(
    ("kind", "content", "expected"), CASES, ids=[f"{i:02d}-{c[0]}" for i, c in enumerate(CASES)]
)
def test_a_bad_csv_file_is_refused_whole_with_a_clear_message(
    catalog_db, tmp_path, kind, content, expected
):
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(content)
    before = _snapshot(catalog_db)
    with pytest.raises(ImportFailed) as failed:
        import_file(catalog_db, kind=kind, path=path)
    assert expected in str(failed.value)
    assert "nothing was imported" in str(failed.value)
    assert _snapshot(catalog_db) == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(catalog_db, tmp_path):
    path = tmp_path / "prices.csv"
    path.write_bytes(HEADER + b"RETAIL,1001,4.50\n" * 70_000)  # about 1.2 MB
    before = _snapshot(catalog_db)
    with pytest.raises(ImportFailed) as failed:
        import_file(catalog_db, kind="prices", path=path, max_bytes=1024 * 1024)
    assert "the file is 1.1 MiB; one import takes at most 1.0 MiB: split it" in str(failed.value)
    assert _snapshot(catalog_db) == before


@pytest.fixture
def small_limit_client(server_db, clock):
    settings = ServerSettings(database_url=server_db.url, max_body_bytes=64 * 1024)
    app = create_app(settings, database=server_db, clock=clock)
    with TestClient(app) as client:
        yield client


def _pushed(db) -> tuple[int, list[int]]:
    with db.read() as session:
        facts = session.exec(select(func.count()).select_from(Fact)).one()
        seqs = [s.last_seq for s in session.exec(select(TerminalSyncState))]
    return facts, seqs


def test_a_push_over_the_body_limit_answers_413_json_and_stores_nothing(
    small_limit_client, server_db, fact_chain
):
    client = small_limit_client
    admin = client.post(
        "/api/v1/auth/login", json={"username": "boss", "password": "correct horse"}
    )
    headers = {"Authorization": f"Bearer {admin.json()['token']}"}
    store = client.post("/api/v1/stores", json={"code": "S1", "name": "Main"}, headers=headers)
    code = client.post(f"/api/v1/stores/{store.json()['id']}/enroll-codes", headers=headers)
    till = client.post("/api/v1/enroll", json={"code": code.json()["code"], "device_name": "t"})
    device = {"Authorization": f"Bearer {till.json()['token']}"}
    chain = fact_chain()
    note = "x" * 1000
    batch = [
        chain.next(payload={"total_minor": n, "currency": "EUR", "note": note}) for n in range(80)
    ]
    before = _pushed(server_db)

    answer = client.post("/api/v1/push", json={"facts": batch}, headers=device)
    assert answer.status_code == 413
    body = answer.json()
    assert body["code"] == "too_large"
    assert "this server takes at most 65536 bytes ([server] max_body_bytes)" in body["message"]
    assert "fewer facts per push" in body["message"]
    assert _pushed(server_db) == before

    def chunks():  # no Content-Length: counted as it arrives
        import json

        data = json.dumps({"facts": batch}).encode()
        for start in range(0, len(data), 8192):
            yield data[start : start + 8192]

    streamed = client.post("/api/v1/push", content=chunks(), headers=device)
    assert streamed.status_code == 413 and streamed.json()["code"] == "too_large"
    assert _pushed(server_db) == before

    smaller = client.post("/api/v1/push", json={"facts": batch[:20]}, headers=device)
    assert smaller.status_code == 200 and smaller.json()["last_seq"] == 20


def test_numbers_too_large_for_the_database_are_refused_as_bad_input(client, office, server_db):
    tax = office.create("taxes", code="STD", name="Standard", rate="20")
    unit = office.create("units", code="pc", name="piece")
    product = office.create("products", sku="1", name="Bread", tax_id=tax["id"], unit_id=unit["id"])
    prices = office.create("price-lists", code="P", name="Prices", currency="EUR")
    before = _snapshot(server_db)
    huge = 10**20  # past 64 bits: SQLite cannot bind it, PostgreSQL has no such bigint
    item = {
        "price_list_id": prices["id"],
        "product_id": product["id"],
        "price_minor": huge,
        "currency": "EUR",
    }
    refused = client.post("/api/v1/price-list-items", json=item, headers=office.headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "invalid_request"
    assert "out of range" in refused.json()["message"]
    for path in (f"/api/v1/stores?offset={huge}", f"/api/v1/facts?after_seq={huge}"):
        answer = client.get(path, headers=office.headers)
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_request", path
    assert _snapshot(server_db) == before


def test_a_field_the_api_does_not_know_is_refused_not_dropped(client, office, server_db):
    unit = office.create("units", code="pc", name="piece")
    before = _snapshot(server_db)
    typo = client.post(
        "/api/v1/units", json={"code": "kg", "name": "kilo", "decimal": 3}, headers=office.headers
    )
    assert typo.status_code == 422 and typo.json()["code"] == "invalid_request"
    assert "body.decimal: Extra inputs are not permitted" in typo.json()["message"]
    replace = client.put(
        f"/api/v1/units/{unit['id']}",
        json={"code": "pc", "name": "piece", "decimals": 0, "colour": "red"},
        headers=office.headers,
    )
    assert replace.status_code == 422 and "body.colour" in replace.json()["message"]
    role = office.create("roles", code="CASHIER", name="Cashier")
    before = _snapshot(server_db)
    user = client.post(
        "/api/v1/users",
        json={"code": "anna", "name": "Anna", "role_id": role["id"], "pin_code": "1234"},
        headers=office.headers,
    )
    assert user.status_code == 422 and "body.pin_code" in user.json()["message"]
    assert _snapshot(server_db) == before
