"""The replicated data model: SQLModel tables a device pulls from head office.

One family per entity (``XBase`` holds the data fields and validates input;
``X(table=True)`` adds ``id``/``version``/``deleted``). ``REPLICATED_TABLES``
lists the table names in apply order (referenced tables first) and
``TABLE_MODELS`` maps each name to its class, so the device creates exactly
these tables. ``STORE_SCOPE`` names the column that limits a table to one
store (None in that column: every store); tables not in it are global.
No foreign-key constraints: rows arrive in version order, tombstones included,
so references are indexed columns checked by the writer (head office).
"""

from __future__ import annotations

from sqlmodel import SQLModel

from kassa.sync.models.catalog import (
    Barcode,
    BarcodeBase,
    Product,
    ProductBase,
    ProductGroup,
    ProductGroupBase,
    Tax,
    TaxBase,
    Unit,
    UnitBase,
)
from kassa.sync.models.customers import (
    CUSTOMER_EDITABLE_FIELDS,
    DEAL_EDITABLE_FIELDS,
    HEAD_OFFICE_FIELDS,
    MAX_DEAL_LABELS,
    MAX_LABEL_LENGTH,
    Customer,
    CustomerAddress,
    CustomerBase,
    CustomerContact,
    Deal,
    DealBase,
)
from kassa.sync.models.documents import ORDER_STATUSES, SalesOrder, SalesOrderBase
from kassa.sync.models.field_sales import (
    PipelineStage,
    PipelineStageBase,
    SalesTarget,
    SalesTargetBase,
)
from kassa.sync.models.invoices import Invoice, InvoiceBase
from kassa.sync.models.payments import PAYMENT_KINDS, PaymentMethod, PaymentMethodBase
from kassa.sync.models.people import PERMISSIONS, Role, RoleBase, User, UserBase
from kassa.sync.models.pipelines import Pipeline, PipelineBase
from kassa.sync.models.prices import (
    PROMOTION_KINDS,
    PriceList,
    PriceListBase,
    PriceListItem,
    PriceListItemBase,
    Promotion,
    PromotionBase,
)
from kassa.sync.models.row import ReplicatedRow, utc_now
from kassa.sync.models.stores import Store, StoreBase, Terminal, TerminalBase
from kassa.sync.models.types import DecimalText

_MODELS: tuple[type[ReplicatedRow], ...] = (
    Store,
    Terminal,
    Role,
    User,
    Tax,
    Unit,
    ProductGroup,
    Product,
    Barcode,
    PriceList,
    PriceListItem,
    Promotion,
    PaymentMethod,
    Pipeline,
    PipelineStage,
    SalesTarget,
    Customer,
    Deal,
    SalesOrder,
    Invoice,
)

TABLE_MODELS: dict[str, type[ReplicatedRow]] = {m.__tablename__: m for m in _MODELS}  # type: ignore[misc]
REPLICATED_TABLES: tuple[str, ...] = tuple(TABLE_MODELS)

# table -> the column holding the store a row belongs to (None there: all stores)
STORE_SCOPE: dict[str, str] = {
    "stores": "id",
    "terminals": "store_id",
    "users": "store_id",
    "price_lists": "store_id",
    "price_list_items": "store_id",
    "promotions": "store_id",
    "sales_targets": "store_id",
    "customers": "store_id",
    "deals": "store_id",
    "sales_orders": "store_id",
    "invoices": "store_id",
}


def replicated_metadata_tables() -> list:
    """The SQLAlchemy ``Table`` objects of the replicated tables, in apply order."""
    return [SQLModel.metadata.tables[name] for name in REPLICATED_TABLES]


__all__ = [
    "CUSTOMER_EDITABLE_FIELDS",
    "DEAL_EDITABLE_FIELDS",
    "HEAD_OFFICE_FIELDS",
    "MAX_DEAL_LABELS",
    "MAX_LABEL_LENGTH",
    "ORDER_STATUSES",
    "PAYMENT_KINDS",
    "PERMISSIONS",
    "PROMOTION_KINDS",
    "REPLICATED_TABLES",
    "STORE_SCOPE",
    "TABLE_MODELS",
    "Barcode",
    "BarcodeBase",
    "Customer",
    "CustomerAddress",
    "CustomerBase",
    "CustomerContact",
    "Deal",
    "DealBase",
    "DecimalText",
    "Invoice",
    "InvoiceBase",
    "PaymentMethod",
    "PaymentMethodBase",
    "Pipeline",
    "PipelineBase",
    "PipelineStage",
    "PipelineStageBase",
    "PriceList",
    "PriceListBase",
    "PriceListItem",
    "PriceListItemBase",
    "Product",
    "ProductBase",
    "ProductGroup",
    "ProductGroupBase",
    "Promotion",
    "PromotionBase",
    "ReplicatedRow",
    "Role",
    "RoleBase",
    "SalesOrder",
    "SalesOrderBase",
    "SalesTarget",
    "SalesTargetBase",
    "Store",
    "StoreBase",
    "Tax",
    "TaxBase",
    "Terminal",
    "TerminalBase",
    "Unit",
    "UnitBase",
    "User",
    "UserBase",
    "replicated_metadata_tables",
    "utc_now",
]
