"""The demo's field sales: a sales rep, a pipeline, customers with deals, a target.

``prepare_field`` writes, once, the CSV files head office imports (the rep's role
and user, a pipeline and its stages, trade customers with a contact) and imports
them with the importer ``kassa server import`` runs (in this process: one start-up
instead of five), then a few deals for those customers (deals have no natural
key, so no CSV kind) and a hotel's further contact and addresses (lists the CSV
format does not carry). ``seed_target`` gives the rep a target for the current month
on every start. Deals and target go through head office's master-data service,
versioned for pull like an API write. The stages are the ones
``kassa.terminal.services.field.demo_field`` seeds on test devices.

Signing in on the demo terminal with the rep's PIN opens the field-sales home.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kassa.terminal.services.field.demo_field import STAGES, month_end

REP = {"code": "rita", "name": "Rita (sales rep)", "pin": "5555"}
TARGET = "5000.00"  # EUR a month

# (customer, title, stage, expected revenue in cents, probability or None, labels, close in days)
DEALS = (
    ("C1001", "Espresso beans for 2027", "QUALIFIED", 240000, None, ["coffee", "repeat"], 30),
    ("C1002", "Breakfast bakery", "PROPOSAL", 850000, 70, ["hotel", "big"], 14),
    ("C1003", "Wine list for the summer", "LEAD", 125000, None, ["wine"], 60),
    ("C1004", "Office fruit basket", "LEAD", 48000, 25, [], None),
)

# customer -> (more contacts, more addresses), beside the CSV's main contact and address
MORE = {
    "C1002": (
        [{"name": "Frau Leitner", "role": "breakfast chef", "phone": "+43 1 514 56 0"}],
        [{"kind": "delivery", "street": "Kärntner Straße 38 (goods entrance)",
          "postal_code": "1010", "city": "Wien", "country": "AT"},
         {"kind": "billing", "street": "Postfach 12", "postal_code": "1015", "city": "Wien",
          "country": "AT"}],
    ),
}  # fmt: skip

FIELD_ORDER = ("roles", "users", "customers", "pipelines", "pipeline-stages")


def _rows() -> dict[str, list[dict[str, str]]]:
    return {
        "roles": [{"code": "REP", "name": "Sales rep", "permissions": "field_sales"}],
        "users": [{**REP, "role": "REP", "store": "MAIN"}],
        "customers": [
            {
                "code": "C1001",
                "name": "Café Central",
                "city": "Wien",
                "price_list": "TRADE",
                "contact_person": "Frau Huber",
                "phone": "+43 1 533 37 63",
                "address": "Herrengasse 14",
                "postal_code": "1010",
                "country": "AT",
                "payment_terms_days": "14",
                "credit_limit": "3000.00",
                "credit_currency": "EUR",
            },
            {
                "code": "C1002",
                "name": "Hotel Sacher",
                "city": "Wien",
                "price_list": "",
                "contact_person": "Herr Gruber (purchasing)",
                "email": "einkauf@sacher.example",
                "address": "Philharmoniker Straße 4",
                "postal_code": "1010",
                "country": "AT",
                "payment_terms_days": "30",
            },
            {
                "code": "C1003",
                "name": "Gasthaus Zum Hirschen",
                "city": "Salzburg",
                "price_list": "TRADE",
                "contact_person": "Familie Moser",
                "phone": "+43 662 88 90 30",
                "address": "Elisabethstraße 11",
                "postal_code": "5020",
                "country": "AT",
                "payment_terms_days": "14",
            },
            {
                "code": "C1004",
                "name": "Büro am Ring GmbH",
                "city": "Wien",
                "price_list": "",
                "contact_person": "Frau Novak",
                "email": "office@amring.example",
                "address": "Schubertring 6",
                "postal_code": "1010",
                "country": "AT",
            },
        ],
        "pipelines": [{"code": "TRADE", "name": "Trade customers", "position": "1"}],
        "pipeline-stages": [
            {
                "code": code,
                "name": name,
                "pipeline": "TRADE",
                "position": str(position),
                "colour": colour,
                "probability": str(probability),
                "won": str(won).lower(),
                "lost": str(lost).lower(),
            }
            for position, (code, name, probability, won, lost, colour) in enumerate(STAGES)
        ],
    }


def write_field_csvs(folder: Path) -> list[tuple[str, Path]]:
    """One CSV per kind into ``folder``; (kind, path) in import order."""
    folder.mkdir(parents=True, exist_ok=True)
    rows, written = _rows(), []
    for kind in FIELD_ORDER:
        path = folder / f"{kind}.csv"
        columns = list(dict.fromkeys(key for row in rows[kind] for key in row))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, restval="")
            writer.writeheader()
            writer.writerows(rows[kind])
        written.append((kind, path))
    return written


def _keyed(session: Any, kind_name: str, **key: Any) -> Any:
    from kassa.server.kinds import KINDS
    from kassa.server.masterdata import find_by_key

    row = find_by_key(session, KINDS[kind_name], key)
    if row is None:
        raise LookupError(f"the demo's {kind_name} {key} is missing: delete the demo folder")
    return row


def prepare_field(database_url: str, csv_folder: Path, *, today: date) -> None:
    """The field CSVs written and imported, then the demo deals."""
    from kassa.server.csvio import import_file
    from kassa.server.store import Database

    db = Database(database_url)
    try:
        for kind, path in write_field_csvs(csv_folder):
            import_file(db, kind=kind, path=path)
        seed_deals(db, today=today)
    finally:
        db.dispose()


def seed_deals(db: Any, *, today: date) -> None:
    """The demo deals, in one transaction."""
    from kassa.server.changes import ChangeWriter
    from kassa.server.kinds import KINDS
    from kassa.server.masterdata import create, update
    from kassa.sync.models import DealBase

    with db.write() as session:
        changes = ChangeWriter(session)
        rep = _keyed(session, "users", code=REP["code"])
        store = _keyed(session, "stores", code="MAIN")
        for customer, title, stage, minor, chance, labels, days in DEALS:
            values = DealBase(
                customer_id=_keyed(session, "customers", code=customer).id,
                title=title,
                stage_id=_keyed(session, "pipeline-stages", code=stage).id,
                amount_minor=minor,
                currency="EUR",
                probability=chance,
                labels=labels,
                owner_user_id=rep.id,
                store_id=store.id,
                expected_close=today + timedelta(days=days) if days is not None else None,
            ).model_dump()
            create(changes, KINDS["deals"], values)
        for code, (contacts, addresses) in MORE.items():
            customer = _keyed(session, "customers", code=code)
            more = {
                "contacts": [{"id": f"{code}-c{n}", **c} for n, c in enumerate(contacts, 1)],
                "addresses": [{"id": f"{code}-a{n}", **a} for n, a in enumerate(addresses, 1)],
            }
            update(changes, KINDS["customers"], customer, more)


def seed_target(database_url: str, *, today: date) -> None:
    """The rep's target for ``today``'s month (kept if it is already there)."""
    from kassa.core.money import Money
    from kassa.server.changes import ChangeWriter
    from kassa.server.kinds import KINDS
    from kassa.server.masterdata import find_by_key, upsert
    from kassa.server.store import Database

    db = Database(database_url)
    try:
        with db.write() as session:
            rep = _keyed(session, "users", code=REP["code"])
            start = today.replace(day=1)
            kind = KINDS["sales-targets"]
            if find_by_key(session, kind, {"user_id": rep.id, "period_start": start}) is not None:
                return
            values = {
                "user_id": rep.id,
                "period_start": start,
                "period_end": month_end(start),
                "amount_minor": Money.of(TARGET, "EUR").minor,
                "currency": "EUR",
                "store_id": _keyed(session, "stores", code="MAIN").id,
            }
            upsert(ChangeWriter(session), kind, values)
    finally:
        db.dispose()
