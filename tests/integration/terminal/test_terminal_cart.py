"""The cart: scan, GS1 labels, search, quick keys, quantity, overrides, discounts,
void, customer; limits per role and manager approval above them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kassa.core.money import Money
from kassa.terminal.services.adapters.barcodes import with_value
from kassa.terminal.services.errors import ApprovalNeeded, InvalidInput, NotAllowed, NotFound
from kassa.terminal.services.events import Tender


def test_scanning_twice_adds_up_and_a_pack_barcode_counts_its_units(open_rig):
    sale = open_rig.pos.sale
    sale.scan("4006381333931")
    view = sale.scan("4006381333931")
    assert [(r.line.name, r.line.quantity, r.total) for r in view.lines] == [
        ("Milk 1 l", 2, Money.of("2.58", "EUR"))
    ]
    view = sale.scan("4012345000047", quantity=Decimal(2))  # 2 x single water
    assert view.lines[-1].line.quantity == 2
    view = sale.scan("9012345000042")  # the 6-pack barcode
    assert view.lines[-1].line.quantity == 8  # merged with the previous water line


def test_gs1_weight_label_sells_the_weight_at_the_kilo_price(open_rig):
    label = with_value("2812340000002", 1250)  # apples, 1.250 kg
    view = open_rig.pos.sale.scan(label)
    line = view.lines[0]
    assert (line.line.name, line.line.quantity, line.total) == (
        "Apples",
        Decimal("1.25"),
        Money.of("3.74", "EUR"),  # 2.99 x 1.25 = 3.7375
    )
    view = open_rig.pos.sale.scan(label)
    assert len(view.lines) == 2  # each label is its own line


def test_gs1_price_label_sells_the_labelled_amount(open_rig):
    view = open_rig.pos.sale.scan(with_value("2212340000000", 1299))  # cheese, 12.99
    line = view.lines[0]
    assert line.total == Money.of("12.99", "EUR")
    assert line.line.measure == Decimal("0.653")  # 12.99 / 19.90 per kg
    with pytest.raises(InvalidInput, match="label"):
        open_rig.pos.sale.set_quantity(line.line.line_id, Decimal(2))


def test_unknown_and_damaged_barcodes_say_what_to_do(open_rig):
    with pytest.raises(NotFound, match="search it by name"):
        open_rig.pos.sale.scan("4012345999990")
    with pytest.raises(InvalidInput, match="check digit"):
        open_rig.pos.sale.scan("4006381333932")
    assert open_rig.pos.sale.view().is_empty


def test_search_folds_accents_and_quick_keys_list_a_group(open_rig):
    sale = open_rig.pos.sale
    assert [i.name for i in sale.search("creme")] == ["Crème fraîche"]
    assert [i.name for i in sale.search("BREAD")] == ["Sourdough bread"]
    assert [i.sku for i in sale.search("wi")] == ["WINE"]  # short text: substring
    groups = {g.name: g.id for g in sale.groups()}
    assert [i.name for i in sale.quick_keys(groups["Bakery"])] == ["Croissant", "Sourdough bread"]
    view = sale.add(open_rig.ids.products["CROISS"], quantity=Decimal(3))
    assert view.total == Money.of("3.60", "EUR")


def test_quantities_are_checked(open_rig):
    sale = open_rig.pos.sale
    line = sale.scan("96385074").lines[0].line.line_id
    for bad in (Decimal(0), Decimal(-1), Decimal("1.5"), Decimal(10000)):
        with pytest.raises(InvalidInput):
            sale.set_quantity(line, bad)
    assert sale.set_quantity(line, Decimal(4)).total == Money.of("9.96", "EUR")
    with pytest.raises(InvalidInput, match="3 decimals"):
        sale.add(open_rig.ids.products["APPLE"], quantity=Decimal("0.0005"))


def test_discount_within_the_cashier_limit_and_above_it_with_a_manager(open_rig):
    rig = open_rig
    line = rig.pos.sale.scan("036000291452").lines[0].line.line_id  # wine 8.99
    view = rig.pos.sale.discount_line(line, percent=Decimal(10))
    assert view.total == Money.of("8.09", "EUR")
    with pytest.raises(ApprovalNeeded) as needed:
        rig.pos.sale.discount_line(line, percent=Decimal(25))
    assert needed.value.request.action == "discount"
    assert rig.pos.sale.view().total == Money.of("8.09", "EUR")  # unchanged
    approval = rig.pos.auth.approve("9999", action=needed.value.request.action)
    view = rig.pos.sale.discount_line(line, percent=Decimal(25), approval=approval)
    assert view.total == Money.of("6.74", "EUR")
    done = rig.pos.sale.checkout([Tender("cash", Money.of("10", "EUR"))])
    stored = rig.facts.by_number(done.number).payload["lines"][0]
    assert stored["approvals"][0]["by"] == str(rig.ids.users["max"])
    assert stored["discount"] == {"percent": "25"}


def test_amount_discount_and_sale_discount_spread_over_lines(open_rig):
    sale = open_rig.pos.sale
    first = sale.scan("036000291452").lines[0].line.line_id  # 8.99
    sale.scan("4006381333931")  # 1.29
    view = sale.discount_line(first, amount=Money.of("0.50", "EUR"))
    assert view.total == Money.of("9.78", "EUR")
    view = sale.discount_sale(percent=Decimal(10))
    assert view.sale_discount == Money.of("0.98", "EUR")
    assert view.total == Money.of("8.80", "EUR")
    assert sum((r.total for r in view.lines), Money.zero("EUR")) == view.total
    with pytest.raises(InvalidInput, match="more than"):
        sale.discount_line(first, amount=Money.of("20", "EUR"))


def test_price_override_needs_approval_for_a_cashier(open_rig):
    rig = open_rig
    line = rig.pos.sale.scan("96385074").lines[0].line.line_id  # butter 2.49
    assert rig.pos.sale.override_price(line, Money.of("2.99", "EUR")).total == Money.of(
        "2.99", "EUR"
    )  # raising a price needs nobody
    with pytest.raises(ApprovalNeeded):
        rig.pos.sale.override_price(line, Money.of("1.99", "EUR"))
    with pytest.raises(NotAllowed, match="was for"):
        wrong = rig.pos.auth.approve("9999", action="discount")
        rig.pos.sale.override_price(line, Money.of("1.99", "EUR"), approval=wrong)
    ok = rig.pos.auth.approve("9999", action="price_override")
    view = rig.pos.sale.override_price(line, Money.of("1.99", "EUR"), approval=ok)
    assert view.lines[0].line.catalog_price == Money.of("2.49", "EUR")
    assert view.total == Money.of("1.99", "EUR")


def test_void_line_is_kept_in_the_sale_record(open_rig):
    rig = open_rig
    rig.pos.sale.scan("4006381333931")
    line = rig.pos.sale.scan("036000291452").lines[-1].line.line_id
    view = rig.pos.sale.void_line(line)
    assert [r.line.sku for r in view.lines] == ["MILK1"]
    done = rig.pos.sale.checkout([Tender("cash", Money.of("5", "EUR"))])
    approvals = rig.facts.by_number(done.number).payload["approvals"]
    assert approvals[0]["action"] == "void_line" and approvals[0]["sku"] == "WINE"


def test_a_customer_on_the_sale(open_rig):
    rig = open_rig
    rig.pos.sale.scan("96385074")
    assert [c.name for c in rig.pos.customers.search("acme")] == ["Acme GmbH"]
    view = rig.pos.sale.set_customer(rig.ids.customers["C1"])
    assert view.customer.name == "Acme GmbH"
    done = rig.pos.sale.checkout([Tender("cash", Money.of("5", "EUR"))])
    assert rig.facts.by_number(done.number).payload["customer"]["tax_id"] == "DE123456789"


def test_an_approval_is_only_good_for_a_short_while(open_rig):
    rig = open_rig
    line = rig.pos.sale.scan("036000291452").lines[0].line.line_id
    approval = rig.pos.auth.approve("9999", action="discount")
    rig.clock.advance(minutes=3)
    with pytest.raises(ApprovalNeeded, match="expired"):
        rig.pos.sale.discount_line(line, percent=Decimal(30), approval=approval)
    fresh = rig.pos.auth.approve("9999", action="discount")
    assert rig.pos.sale.discount_line(line, percent=Decimal(30), approval=fresh).total == Money.of(
        "6.29", "EUR"
    )


def test_quantity_breaks_and_the_customers_price_list(open_rig):
    rig = open_rig
    croissants = rig.pos.sale.add(rig.ids.products["CROISS"], quantity=Decimal(5)).lines[0]
    assert croissants.total == Money.of("6.00", "EUR")  # 5 x 1.20
    view = rig.pos.sale.set_quantity(croissants.line.line_id, Decimal(6))
    assert view.total == Money.of("6.00", "EUR")  # from 6 on: 1.00 each
    view = rig.pos.sale.scan("036000291452")
    assert view.lines[-1].total == Money.of("8.99", "EUR")
    view = rig.pos.sale.set_customer(rig.ids.customers["C1"])  # Acme has its own wine price
    assert view.lines[-1].total == Money.of("7.49", "EUR")
    assert view.lines[0].total == Money.of("6.00", "EUR")  # not on Acme's list: store price
    view = rig.pos.sale.set_customer(None)
    assert view.lines[-1].total == Money.of("8.99", "EUR")
    rig.pos.sale.set_customer(rig.ids.customers["C2"])  # Jane has no list of her own
    assert rig.pos.sale.view().lines[-1].total == Money.of("8.99", "EUR")
