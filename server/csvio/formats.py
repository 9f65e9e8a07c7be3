"""The CSV formats: one per kind, columns in order, and how each cell converts.

A cell is text. ``ref`` columns hold another row's code (``tax`` -> the tax
with that code); ``money`` columns hold a decimal amount in the row's
currency (``12.50``), stored as minor units; ``bool`` columns take
true/false/yes/no/1/0; ``list`` columns are ``;``-separated; ``rate`` columns a
percent (``20``, ``7.7``: at most 4 decimals, no % sign); ``quantity`` columns a
number above zero with at most 3 decimals. Amounts are written ``12.50``: a point,
no grouping, no exponent, never negative. Empty optional cells take the model's
default. docs/csv/README.md documents the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from kassa.server.kinds import KINDS, Kind


@dataclass(frozen=True)
class Col:
    name: str
    field: str = ""  # the model field (default: the column name)
    required: bool = False
    ref: str = ""  # "<kind>.<key column>" for a reference by code
    kind: str = "text"  # text | bool | money | list | pin | rate | quantity
    currency_from: str = ""  # money: the column (or "price_list") giving the currency

    @property
    def target(self) -> str:
        return self.field or self.name


@dataclass(frozen=True)
class CsvFormat:
    name: str  # the KIND on the command line
    kind: Kind
    columns: tuple[Col, ...]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Col | None:
        return next((c for c in self.columns if c.name == name), None)


def _fmt(name: str, kind: str, *columns: Col) -> CsvFormat:
    return CsvFormat(name, KINDS[kind], columns)


R = True  # required
CSV_FORMATS: dict[str, CsvFormat] = {
    f.name: f
    for f in (
        _fmt(
            "stores",
            "stores",
            Col("code", required=R),
            Col("name", required=R),
            Col("currency", required=R),
            Col("timezone"),
            Col("address"),
            Col("tax_number"),
        ),
        _fmt(
            "taxes",
            "taxes",
            Col("code", required=R),
            Col("name", required=R),
            Col("rate", required=R, kind="rate"),
        ),
        _fmt("units", "units", Col("code", required=R), Col("name", required=R), Col("decimals")),
        _fmt(
            "product-groups",
            "product-groups",
            Col("code", required=R),
            Col("name", required=R),
            Col("parent", "parent_id", ref="product-groups.code"),
        ),
        _fmt(
            "products",
            "products",
            Col("sku", required=R),
            Col("name", required=R),
            Col("tax", "tax_id", required=R, ref="taxes.code"),
            Col("unit", "unit_id", required=R, ref="units.code"),
            Col("group", "group_id", ref="product-groups.code"),
            Col("weighed", kind="bool"),
            Col("active", kind="bool"),
            Col("description"),
        ),
        _fmt(
            "barcodes",
            "barcodes",
            Col("code", required=R),
            Col("sku", "product_id", required=R, ref="products.sku"),
            Col("quantity", kind="quantity"),
        ),
        _fmt(
            "price-lists",
            "price-lists",
            Col("code", required=R),
            Col("name", required=R),
            Col("currency", required=R),
            Col("includes_tax", kind="bool"),
            Col("store", "store_id", ref="stores.code"),
            Col("priority"),
            Col("valid_from"),
            Col("valid_to"),
        ),
        _fmt(
            "prices",
            "price-list-items",
            Col("price_list", "price_list_id", required=R, ref="price-lists.code"),
            Col("sku", "product_id", required=R, ref="products.sku"),
            Col("price", "price_minor", required=R, kind="money", currency_from="currency"),
            Col("currency"),
            Col("min_qty", kind="quantity"),
        ),
        _fmt(
            "customers",
            "customers",
            Col("code", required=R),
            Col("name", required=R),
            Col("contact_person"),
            Col("email"),
            Col("phone"),
            Col("address"),
            Col("city"),
            Col("postal_code"),
            Col("country"),
            Col("tax_number"),
            Col(
                "credit_limit", "credit_limit_minor", kind="money", currency_from="credit_currency"
            ),
            Col("credit_currency"),
            Col("payment_terms_days"),
            Col("price_list", "price_list_id", ref="price-lists.code"),
            Col("store", "store_id", ref="stores.code"),
            Col("notes"),
        ),
        _fmt(
            "payment-methods",
            "payment-methods",
            Col("code", required=R),
            Col("name", required=R),
            Col("kind"),
            Col("opens_drawer", kind="bool"),
            Col("currency"),
            Col("position"),
        ),
        _fmt(
            "pipelines",
            "pipelines",
            Col("code", required=R),
            Col("name", required=R),
            Col("position"),
            Col("active", kind="bool"),
        ),
        _fmt(
            "pipeline-stages",
            "pipeline-stages",
            Col("code", required=R),
            Col("name", required=R),
            Col("pipeline", "pipeline_id", ref="pipelines.code"),
            Col("position"),
            Col("colour"),
            Col("probability"),
            Col("won", "is_won", kind="bool"),
            Col("lost", "is_lost", kind="bool"),
        ),
        _fmt(
            "sales-targets",
            "sales-targets",
            Col("user", "user_id", required=R, ref="users.code"),
            Col("period_start", required=R),
            Col("period_end", required=R),
            Col("amount", "amount_minor", required=R, kind="money", currency_from="currency"),
            Col("currency", required=R),
            Col("store", "store_id", ref="stores.code"),
        ),
        _fmt(
            "roles",
            "roles",
            Col("code", required=R),
            Col("name", required=R),
            Col("permissions", kind="list"),
        ),
        _fmt(
            "users",
            "users",
            Col("code", required=R),
            Col("name", required=R),
            Col("role", "role_id", required=R, ref="roles.code"),
            Col("store", "store_id", ref="stores.code"),
            Col("pin", "pin_hash", kind="pin"),
            Col("active", kind="bool"),
        ),
    )
}

CSV_KINDS = tuple(CSV_FORMATS)
