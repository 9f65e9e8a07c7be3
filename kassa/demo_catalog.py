"""The demo store's master data, written as the CSV files head office imports.

A small grocery (``MAIN``, EUR, Vienna): six product groups with real-looking
EAN-13 codes, two weighed items with in-store variable-measure labels, a
cashier and a manager with PINs, customers, payment methods. The same formats
as ``docs/csv/``; ``kassa demo`` imports them with ``kassa server import``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from kassa.devices.scanner.barcodes import with_check_digit

# Import order: later files name rows of earlier ones by their code.
ORDER = (
    "stores",
    "taxes",
    "units",
    "product-groups",
    "products",
    "barcodes",
    "price-lists",
    "prices",
    "payment-methods",
    "roles",
    "users",
    "customers",
)

# group -> [(name, price, tax, weighed)]
PRODUCTS = {
    "BAKERY": [
        ("Semmel", "0.45", "RED", False),
        ("Croissant", "1.20", "RED", False),
        ("Bauernbrot 1 kg", "4.20", "RED", False),
        ("Topfengolatsche", "2.10", "RED", False),
        ("Apfelstrudel", "3.40", "RED", False),
        ("Laugenbrezel", "0.95", "RED", False),
    ],
    "DAIRY": [
        ("Milch 1 l", "1.29", "RED", False),
        ("Joghurt natur 500 g", "1.49", "RED", False),
        ("Butter 250 g", "2.79", "RED", False),
        ("Emmentaler 200 g", "3.29", "RED", False),
        ("Crème fraîche", "1.19", "RED", False),
        ("Bergkäse (kg)", "18.90", "RED", True),
    ],
    "DRINKS": [
        ("Mineralwasser 1.5 l", "0.59", "STD", False),
        ("Apfelsaft 1 l", "1.99", "STD", False),
        ("Almdudler 0.5 l", "1.49", "STD", False),
        ("Rotwein Zweigelt 0.75 l", "8.99", "STD", False),
        ("Kaffee Espresso 500 g", "7.49", "RED", False),
        ("Grüner Tee", "2.49", "RED", False),
    ],
    "FRUIT": [
        ("Äpfel Boskop (kg)", "2.99", "RED", True),
        ("Bananen 1 kg", "1.89", "RED", False),
        ("Zitronen 500 g", "1.69", "RED", False),
        ("Tomaten 500 g", "2.29", "RED", False),
        ("Erdäpfel 2 kg", "2.49", "RED", False),
        ("Jalapeño", "0.79", "RED", False),
    ],
    "DELI": [
        ("Jamón ibérico 100 g", "5.49", "RED", False),
        ("Smørrebrød Lachs", "6.90", "RED", False),
        ("Käsekrainer", "3.90", "RED", False),
        ("Liptauer 150 g", "2.59", "RED", False),
    ],
    "HOUSEHOLD": [
        ("Spülmittel 500 ml", "1.99", "STD", False),
        ("Küchenrolle 4 Stk.", "3.49", "STD", False),
        ("Teelichter 50 Stk.", "4.99", "STD", False),
        ("Einkaufstasche", "0.20", "STD", False),
    ],
}

GROUPS = {
    "BAKERY": "Bakery",
    "DAIRY": "Dairy",
    "DRINKS": "Drinks",
    "FRUIT": "Fruit & veg",
    "DELI": "Deli",
    "HOUSEHOLD": "Household",
}


def _rows() -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = {
        "stores": [
            {
                "code": "MAIN",
                "name": "Kassa Demo Markt",
                "currency": "EUR",
                "timezone": "Europe/Vienna",
                "address": "Hauptstraße 1, 1010 Wien",
                "tax_number": "ATU12345678",
            }
        ],
        "taxes": [
            {"code": "STD", "name": "Normalsatz", "rate": "20"},
            {"code": "RED", "name": "Ermäßigt", "rate": "10"},
        ],
        "units": [
            {"code": "pc", "name": "piece", "decimals": "0"},
            {"code": "kg", "name": "kilogram", "decimals": "3"},
        ],
        "product-groups": [
            {"code": code, "name": name, "parent": ""} for code, name in GROUPS.items()
        ],
        "price-lists": [
            {"code": "RETAIL", "name": "Retail", "currency": "EUR", "includes_tax": "true"},
            {"code": "TRADE", "name": "Trade customers", "currency": "EUR", "includes_tax": "true"},
        ],
        "payment-methods": [
            {
                "code": "CASH",
                "name": "Cash",
                "kind": "cash",
                "opens_drawer": "true",
                "position": "1",
            },
            {
                "code": "CARD",
                "name": "Card",
                "kind": "card",
                "opens_drawer": "false",
                "position": "2",
            },
        ],
        "roles": [
            {
                "code": "CASHIER",
                "name": "Cashier",
                "permissions": "sell;return;open_shift;cash_movement",
            },
            {
                "code": "MANAGER",
                "name": "Store manager",
                "permissions": "sell;return;void;refund;discount;price_override;"
                "open_shift;close_shift;cash_movement;reports",
            },
        ],
        "users": [
            {"code": "anna", "name": "Anna", "role": "CASHIER", "store": "MAIN", "pin": "1234"},
            {"code": "max", "name": "Max (manager)", "role": "MANAGER", "store": "", "pin": "9876"},
        ],
        "customers": [
            {"code": "C1001", "name": "Café Central", "city": "Wien", "price_list": "TRADE"},
            {"code": "C1002", "name": "Hotel Sacher", "city": "Wien", "price_list": ""},
        ],
        "products": [],
        "barcodes": [],
        "prices": [],
    }
    sku = 1000
    for group, items in PRODUCTS.items():
        for name, price, tax, weighed in items:
            sku += 1
            rows["products"].append(
                {
                    "sku": str(sku),
                    "name": name,
                    "tax": tax,
                    "unit": "kg" if weighed else "pc",
                    "group": group,
                    "weighed": "true" if weighed else "false",
                }
            )
            # weighed goods carry an in-store label (Germany/Austria: prefix 28,
            # weight in grams); the product is registered under the zeroed code
            payload = f"28{sku % 10000:04d}000000" if weighed else f"900123{sku:06d}"
            rows["barcodes"].append({"code": with_check_digit(payload), "sku": str(sku)})
            rows["prices"].append({"price_list": "RETAIL", "sku": str(sku), "price": price})
    return rows


def write_demo_csvs(folder: Path) -> list[tuple[str, Path]]:
    """Write one CSV per kind into ``folder``; returns (kind, path) in import order."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = _rows()
    written = []
    for kind in ORDER:
        path = folder / f"{kind}.csv"
        table = rows[kind]
        columns = list(dict.fromkeys(key for row in table for key in row))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, restval="")
            writer.writeheader()
            writer.writerows(table)
        written.append((kind, path))
    return written
