"""The replicated tables: what every device and the server rely on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError
from sqlmodel import SQLModel

from kassa.sync.models import (
    REPLICATED_TABLES,
    STORE_SCOPE,
    TABLE_MODELS,
    DecimalText,
    PriceListItemBase,
    TaxBase,
)


def test_every_replicated_table_has_identity_version_and_tombstone():
    for name in REPLICATED_TABLES:
        columns = SQLModel.metadata.tables[name].columns
        assert {"id", "version", "deleted", "updated_at"} <= set(columns.keys()), name
        assert columns["id"].primary_key
        assert columns["version"].index


def test_scope_columns_exist():
    for name, column in STORE_SCOPE.items():
        assert column in SQLModel.metadata.tables[name].columns, name
    assert set(TABLE_MODELS) == set(REPLICATED_TABLES)


def test_lookup_indexes_are_unique_where_the_catalog_needs_them():
    tables = SQLModel.metadata.tables
    assert tables["barcodes"].columns["code"].unique
    assert tables["products"].columns["sku"].unique
    constraint_columns = [
        tuple(c.name for c in con.columns)
        for con in tables["price_list_items"].constraints
        if con.__class__.__name__ == "UniqueConstraint"
    ]
    assert ("price_list_id", "product_id", "min_qty") in constraint_columns


def test_decimal_text_keeps_exact_values_and_refuses_floats():
    column_type = DecimalText()
    assert column_type.process_bind_param(Decimal("7.70"), None) == "7.7"
    assert column_type.process_bind_param("20", None) == "20"
    assert column_type.process_result_value("0.125", None) == Decimal("0.125")
    with pytest.raises(TypeError, match="floats"):
        column_type.process_bind_param(0.1, None)


def test_base_models_refuse_bad_input():
    with pytest.raises(ValidationError):
        TaxBase.model_validate({"code": "X", "name": "bad", "rate": "120"})
    with pytest.raises(ValidationError):
        PriceListItemBase.model_validate(
            {"price_list_id": None, "product_id": None, "price_minor": -1, "currency": "EUR"}
        )
