"""The field-sales fact payloads: round trip as JSON, and the rules they carry."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from kassa.core.ids import new_id
from kassa.sync.field_facts import (
    CustomerRef,
    DealStageMoveFact,
    DocLine,
    OfferFact,
    RepRef,
    SalesOrderFact,
    parse_field_fact,
    payload_of,
)

REP = RepRef(user_id=new_id(), name="Rita Rep")
CUSTOMER = CustomerRef(customer_id=new_id(), name="Café Müller", tax_number="DE123")


def line(line_id: str, *, optional: bool = False, net: int = 1000) -> DocLine:
    return DocLine(
        line_id=line_id,
        product_id=new_id(),
        sku=f"SKU-{line_id}",
        name=f"Item {line_id}",
        quantity="2.5",
        unit_price_minor=400,
        tax_code="STD",
        tax_rate="19",
        optional=optional,
        net_minor=net,
        tax_minor=net * 19 // 100,
        total_minor=net + net * 19 // 100,
    )


def offer(**changes) -> OfferFact:
    values = dict(
        offer_id=new_id(),
        customer=CUSTOMER,
        rep=REP,
        currency="EUR",
        lines=[line("1"), line("2", optional=True, net=500)],
        net_minor=1000,
        tax_minor=190,
        total_minor=1190,
        valid_until=date(2026, 12, 31),
    )
    return OfferFact(**{**values, **changes})


def test_an_offer_survives_the_wire_with_decimal_strings_and_no_floats():
    made = offer()
    payload = payload_of(made)
    assert payload["lines"][0]["quantity"] == "2.5"
    assert payload["lines"][0]["tax_rate"] == "19"
    assert "number" not in payload  # the replica's numbering adds it
    assert parse_field_fact("offer", payload) == made
    assert parse_field_fact("offer", {**payload, "number": "S1-T1-OF-1"}).number == "S1-T1-OF-1"


def test_totals_count_only_the_lines_that_are_not_optional():
    with pytest.raises(ValidationError, match="net_minor is not the sum"):
        offer(net_minor=1500, tax_minor=285, total_minor=1785)


def test_a_float_quantity_is_refused():
    payload = payload_of(offer())
    payload["lines"][0]["quantity"] = 2.5
    with pytest.raises(ValidationError, match="never a float"):
        parse_field_fact("offer", payload)


def test_a_sales_order_has_no_optional_lines():
    with pytest.raises(ValidationError, match="no optional lines"):
        SalesOrderFact(
            order_id=new_id(),
            customer=CUSTOMER,
            rep=REP,
            currency="EUR",
            lines=[line("1", optional=True)],
            net_minor=0,
            tax_minor=0,
            total_minor=0,
        )


def test_won_needs_an_order_and_lost_needs_a_reason():
    base = dict(deal_id=new_id(), to_stage_id=new_id(), moved_at=datetime.now(UTC), rep=REP)
    with pytest.raises(ValidationError, match="lost_reason"):
        DealStageMoveFact(**base, outcome="lost", lost_reason="  ")
    with pytest.raises(ValidationError, match="order_id"):
        DealStageMoveFact(**base, outcome="won")
    assert DealStageMoveFact(**base, outcome="won", order_id=uuid.UUID(int=7)).order_id


def test_unknown_types_and_fields_are_refused():
    with pytest.raises(ValueError, match="not a field-sales fact type"):
        parse_field_fact("receipt", {})
    with pytest.raises(ValidationError, match="Extra inputs"):
        parse_field_fact("offer", {**payload_of(offer()), "colour": "red"})
