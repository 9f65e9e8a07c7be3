"""The catalog: units, taxes, product groups, products and their barcodes."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlmodel import Field, SQLModel

from kassa.sync.models.row import ReplicatedRow
from kassa.sync.models.types import DecimalText


class UnitBase(SQLModel):
    code: str = Field(min_length=1, max_length=10)  # "pc", "kg", "l"
    name: str = Field(min_length=1, max_length=40)
    decimals: int = Field(default=0, ge=0, le=3)  # quantity decimals allowed


class Unit(ReplicatedRow, UnitBase, table=True):
    __tablename__ = "units"
    code: str = Field(max_length=10, unique=True, index=True)


class TaxBase(SQLModel):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=80)
    rate: Decimal = Field(ge=0, le=100, sa_type=DecimalText)  # percent, e.g. 20 or 7.7


class Tax(ReplicatedRow, TaxBase, table=True):
    __tablename__ = "taxes"
    code: str = Field(max_length=20, unique=True, index=True)


class ProductGroupBase(SQLModel):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=120)
    parent_id: uuid.UUID | None = Field(default=None, index=True)


class ProductGroup(ReplicatedRow, ProductGroupBase, table=True):
    __tablename__ = "product_groups"
    code: str = Field(max_length=40, unique=True, index=True)


class ProductBase(SQLModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    group_id: uuid.UUID | None = Field(default=None, index=True)
    tax_id: uuid.UUID = Field(index=True)
    unit_id: uuid.UUID = Field(index=True)
    weighed: bool = False  # priced per unit of weight, quantity from the scale
    active: bool = True  # inactive: not sold, still on old documents
    description: str = Field(default="", max_length=1000)


class Product(ReplicatedRow, ProductBase, table=True):
    __tablename__ = "products"
    sku: str = Field(max_length=64, unique=True, index=True)


class BarcodeBase(SQLModel):
    code: str = Field(min_length=1, max_length=64)  # EAN/UPC/GTIN or in-house
    product_id: uuid.UUID = Field(index=True)
    quantity: Decimal = Field(default=Decimal(1), gt=0, sa_type=DecimalText)  # a 6-pack: 6


class Barcode(ReplicatedRow, BarcodeBase, table=True):
    __tablename__ = "barcodes"
    code: str = Field(max_length=64, unique=True, index=True)
