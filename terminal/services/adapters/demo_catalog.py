"""A small catalog, staff and customers written straight into a device replica.

For service and UI tests, the crash test's child process and an offline demo:
the same rows head office would send, inserted locally (``version`` 0) into a
replica that has no catalog yet. PINs are argon2-hashed here with cheap
parameters (``fast_hashes``) so tests stay quick; real hashes come from head office.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from argon2 import PasswordHasher
from sqlmodel import Session

from kassa.sync.models import (
    Barcode,
    Customer,
    PaymentMethod,
    PriceList,
    PriceListItem,
    Product,
    ProductGroup,
    Role,
    Store,
    Tax,
    Terminal,
    Unit,
    User,
)
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.identity import DeviceIdentity, save_identity
from kassa.sync.replica.unit_of_work import UnitOfWork
from kassa.terminal.services.adapters.barcodes import gtin_check_digit

CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

# sku, name, group, price (minor), tax, unit, weighed, barcode
PRODUCTS = (
    ("MILK1", "Milk 1 l", "Dairy", 129, "B", "pc", False, "4006381333931"),
    ("BUTTER", "Butter 250 g", "Dairy", 249, "B", "pc", False, "96385074"),
    ("CREME", "Crème fraîche", "Dairy", 189, "B", "pc", False, "4012345000016"),
    ("APPLE", "Apples", "Fruit", 299, "B", "kg", True, "2812340000002"),
    ("CHEESE", "Cheese counter", "Dairy", 1990, "B", "kg", True, "2212340000000"),
    ("BREAD", "Sourdough bread", "Bakery", 450, "B", "pc", False, "4012345000023"),
    ("CROISS", "Croissant", "Bakery", 120, "B", "pc", False, "4012345000030"),
    ("WINE", "Red wine 0.75 l", "Drinks", 899, "A", "pc", False, "036000291452"),
    ("WATER6", "Water 6-pack", "Drinks", 354, "A", "pc", False, "4012345000047"),
)
STAFF = (("anna", "Anna", "cashier", "1111"), ("max", "Max", "manager", "9999"))
STAFF += (("rita", "Rita", "rep", "5555"), ("ada", "Ada", "admin", "7777"))


@dataclass(frozen=True)
class DemoIds:
    store_id: uuid.UUID
    products: dict[str, uuid.UUID] = field(default_factory=dict)
    groups: dict[str, uuid.UUID] = field(default_factory=dict)
    users: dict[str, uuid.UUID] = field(default_factory=dict)
    customers: dict[str, uuid.UUID] = field(default_factory=dict)


def seed_demo(
    replica: Replica,
    *,
    store_code: str = "S01",
    terminal_code: str = "T01",
    currency: str = "EUR",
    hasher: PasswordHasher = CHEAP,
) -> DemoIds:
    """Identity, catalog, prices, staff, payment methods and two customers, in one commit."""
    store = Store(code=store_code, name="Kassa Demo Store", currency=currency)
    terminal = Terminal(store_id=store.id, code=terminal_code, name="Till 1")
    ids = DemoIds(store_id=store.id)
    taxes = {"A": Tax(code="A", name="Standard", rate=Decimal(20))}
    taxes["B"] = Tax(code="B", name="Reduced", rate=Decimal(7))
    units = {
        "pc": Unit(code="pc", name="piece"),
        "kg": Unit(code="kg", name="kilogram", decimals=3),
    }
    roles = {
        code: Role(code=code, name=code.title(), permissions=perms)
        for code, perms in (
            ("cashier", ["sell", "discount", "open_shift"]),
            ("manager", ["sell", "discount", "price_override", "void", "return", "refund",
                         "open_shift", "close_shift", "cash_movement", "reports"]),
            ("admin", ["sell", "discount", "price_override", "void", "return", "refund",
                       "open_shift", "close_shift", "cash_movement", "reports"]),
            ("rep", ["field_sales"]),
        )
    }  # fmt: skip
    price_list = PriceList(code="STORE", name="Store prices", currency=currency, store_id=store.id)
    rows: list = [store, terminal, *taxes.values(), *units.values(), *roles.values(), price_list]
    for sku, name, group, price, tax, unit, weighed, code in PRODUCTS:
        if group not in ids.groups:
            g = ProductGroup(code=group.upper(), name=group)
            ids.groups[group] = g.id
            rows.append(g)
        product = Product(
            sku=sku,
            name=name,
            group_id=ids.groups[group],
            tax_id=taxes[tax].id,
            unit_id=units[unit].id,
            weighed=weighed,
        )
        ids.products[sku] = product.id
        qty = Decimal(6) if sku == "WATER6" else Decimal(1)
        rows += [product, Barcode(code=code, product_id=product.id, quantity=Decimal(1))]
        if qty != 1:
            pack = "9" + code[1:-1]
            pack += str(gtin_check_digit(pack))
            rows.append(Barcode(code=pack, product_id=product.id, quantity=qty))
        rows.append(
            PriceListItem(
                price_list_id=price_list.id,
                product_id=product.id,
                price_minor=price // (6 if sku == "WATER6" else 1),
                currency=currency,
                store_id=store.id,
            )
        )
    for code, name, role, pin in STAFF:
        user = User(code=code, name=name, role_id=roles[role].id, pin_hash=hasher.hash(pin))
        ids.users[code] = user.id
        rows.append(user)
    rows += [
        PaymentMethod(code="cash", name="Cash", kind="cash", opens_drawer=True, position=1),
        PaymentMethod(code="card", name="Card", kind="card", position=2),
    ]
    # A quantity break (croissants from 6 at 1.00) and Acme's own list (wine at 7.49).
    rows.append(
        PriceListItem(
            price_list_id=price_list.id,
            product_id=ids.products["CROISS"],
            min_qty=Decimal(6),
            price_minor=100,
            currency=currency,
            store_id=store.id,
        )
    )
    wholesale = PriceList(code="ACME", name="Acme prices", currency=currency, priority=10)
    rows += [
        wholesale,
        PriceListItem(
            price_list_id=wholesale.id,
            product_id=ids.products["WINE"],
            price_minor=749,
            currency=currency,
        ),
    ]
    for code, name, tax_number in (("C1", "Acme GmbH", "DE123456789"), ("C2", "Jane Roe", "")):
        customer = Customer(
            code=code,
            name=name,
            tax_number=tax_number,
            store_id=store.id,
            price_list_id=wholesale.id if code == "C1" else None,
        )
        ids.customers[code] = customer.id
        rows.append(customer)
    with UnitOfWork(replica) as uow:
        save_identity(
            uow.connection,
            DeviceIdentity(
                terminal_id=terminal.id,
                terminal_code=terminal_code,
                store_id=store.id,
                store_code=store_code,
                server_url=None,
                enrolled_at=datetime.now(UTC),
            ),
        )
        session: Session = uow.session
        session.add_all(rows)
        uow.commit()
    return ids
