"""The master-data kinds head office manages: URL name, table, input model, keys.

``natural_key`` is what a person (and a CSV file) uses to name a row; ``refs``
names the columns that point at other rows, checked before any write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import SQLModel

from kassa.sync import models as m


@dataclass(frozen=True)
class Kind:
    name: str  # URL segment: /api/v1/<name>
    model: type[m.ReplicatedRow]
    base: type[SQLModel]
    natural_key: tuple[str, ...] = ()
    refs: dict[str, type[m.ReplicatedRow]] = field(default_factory=dict)
    writable: bool = True

    @property
    def table(self) -> str:
        return self.model.__tablename__  # type: ignore[return-value]

    @property
    def label(self) -> str:
        """The singular, for messages: "tax", "price list item"."""
        singular = self.name[:-2] if self.name.endswith("xes") else self.name.rstrip("s")
        return singular.replace("-", " ")


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("stores", m.Store, m.StoreBase, ("code",)),
        Kind("terminals", m.Terminal, m.TerminalBase, ("store_id", "code"), {"store_id": m.Store}),
        Kind("roles", m.Role, m.RoleBase, ("code",)),
        Kind("users", m.User, m.UserBase, ("code",), {"role_id": m.Role, "store_id": m.Store}),
        Kind("taxes", m.Tax, m.TaxBase, ("code",)),
        Kind("units", m.Unit, m.UnitBase, ("code",)),
        Kind(
            "product-groups",
            m.ProductGroup,
            m.ProductGroupBase,
            ("code",),
            {"parent_id": m.ProductGroup},
        ),
        Kind(
            "products",
            m.Product,
            m.ProductBase,
            ("sku",),
            {"group_id": m.ProductGroup, "tax_id": m.Tax, "unit_id": m.Unit},
        ),
        Kind("barcodes", m.Barcode, m.BarcodeBase, ("code",), {"product_id": m.Product}),
        Kind("price-lists", m.PriceList, m.PriceListBase, ("code",), {"store_id": m.Store}),
        Kind(
            "price-list-items",
            m.PriceListItem,
            m.PriceListItemBase,
            ("price_list_id", "product_id", "min_qty"),
            {"price_list_id": m.PriceList, "product_id": m.Product},
        ),
        Kind(
            "promotions",
            m.Promotion,
            m.PromotionBase,
            ("code",),
            {"product_id": m.Product, "product_group_id": m.ProductGroup, "store_id": m.Store},
        ),
        Kind("payment-methods", m.PaymentMethod, m.PaymentMethodBase, ("code",)),
        Kind("pipelines", m.Pipeline, m.PipelineBase, ("code",)),
        Kind(
            "pipeline-stages",
            m.PipelineStage,
            m.PipelineStageBase,
            ("code",),
            {"pipeline_id": m.Pipeline},
        ),
        Kind(
            "sales-targets",
            m.SalesTarget,
            m.SalesTargetBase,
            ("user_id", "period_start"),
            {"user_id": m.User, "store_id": m.Store},
        ),
        Kind(
            "customers",
            m.Customer,
            m.CustomerBase,
            ("code",),
            {"price_list_id": m.PriceList, "store_id": m.Store, "merged_into": m.Customer},
        ),
        Kind(
            "deals",
            m.Deal,
            m.DealBase,
            (),
            {
                "customer_id": m.Customer,
                "stage_id": m.PipelineStage,
                "owner_user_id": m.User,
                "store_id": m.Store,
            },
        ),
        Kind("invoices", m.Invoice, m.InvoiceBase, ("series", "number"), writable=False),
    )
}

SHARED_KINDS = frozenset({"customers", "deals"})  # edits merge field by field
