"""Prices on the scan path: the scan reads the product and every price that may
apply to it at once (``PriceBreaks``); the line must get exactly what the
catalog's ``price`` would answer: the customer's own list first, quantity breaks
when scans add up, dated lists only while valid, and a list counts as a customer
list from the moment a customer is assigned it (no stale cache)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import update

from kassa.core.money import Money
from kassa.sync.models import Customer, PriceList, PriceListItem
from kassa.sync.replica.unit_of_work import UnitOfWork

CROISSANT, WINE = "4012345000030", "036000291452"


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def _replica(rig):
    return rig.pos.sale.ctx.catalog.replica


def _add_list(rig, *, code: str, price_minor: int, priority: int, **dates) -> PriceList:
    """A list for every store with one price for the wine."""
    head = PriceList(code=code, name=code, currency="EUR", priority=priority, **dates)
    item = PriceListItem(
        price_list_id=head.id,
        product_id=rig.ids.products["WINE"],
        price_minor=price_minor,
        currency="EUR",
    )
    with UnitOfWork(_replica(rig)) as uow:
        uow.session.add_all([head, item])
        uow.commit()
    return head


def test_a_customer_set_before_the_scan_gets_the_own_list_price(open_rig):
    sale = open_rig.pos.sale
    sale.set_customer(open_rig.ids.customers["C1"])  # Acme: wine at 7.49
    view = sale.scan(WINE)
    assert view.lines[-1].line.unit_price == eur("7.49")
    assert sale.scan(CROISSANT).lines[-1].line.unit_price == eur("1.20")  # not on Acme's list
    sale.set_customer(None)
    assert sale.view().lines[0].line.unit_price == eur("8.99")
    assert sale.scan(WINE).lines[-1].line.unit_price == eur("8.99")  # walk-in again


def test_scans_that_add_up_reach_the_quantity_break(open_rig):
    sale = open_rig.pos.sale
    for _ in range(5):
        view = sale.scan(CROISSANT)
    assert (view.lines[0].line.quantity, view.total) == (5, eur("6.00"))  # 5 x 1.20
    view = sale.scan(CROISSANT)  # the sixth: 1.00 each from 6 on
    assert (view.lines[0].line.quantity, view.total) == (6, eur("6.00"))
    view = sale.scan(CROISSANT, quantity=Decimal(4))
    assert (view.lines[0].line.quantity, view.total) == (10, eur("10.00"))


def test_a_list_assigned_to_a_customer_stops_pricing_the_shelf_at_once(open_rig):
    sale = open_rig.pos.sale
    promo = _add_list(open_rig, code="PROMO", price_minor=799, priority=20)
    assert sale.scan(WINE).lines[-1].line.unit_price == eur("7.99")  # a shelf list for now
    with UnitOfWork(_replica(open_rig)) as uow:  # head office gives Jane that list
        uow.connection.execute(
            update(Customer.__table__)  # type: ignore[arg-type]
            .where(Customer.__table__.c.id == open_rig.ids.customers["C2"])  # type: ignore[attr-defined]
            .values(price_list_id=promo.id)
        )
        uow.commit()
    sale.park()
    assert sale.scan(WINE).lines[-1].line.unit_price == eur("8.99")  # the store's price again
    assert sale.search("red wine")[0].price == eur("8.99")
    sale.set_customer(open_rig.ids.customers["C2"])
    assert sale.view().lines[-1].line.unit_price == eur("7.99")  # Jane's own price
    assert sale.scan(WINE).lines[-1].line.quantity == 2


def test_a_dated_list_prices_only_while_it_is_valid(open_rig):
    now = open_rig.clock.now()
    _add_list(
        open_rig,
        code="WEEK",
        price_minor=699,
        priority=20,
        valid_from=now + timedelta(days=1),
        valid_to=now + timedelta(days=2),
    )
    sale = open_rig.pos.sale
    assert sale.scan(WINE).lines[-1].line.unit_price == eur("8.99")  # not yet
    sale.park()
    open_rig.clock.advance(days=1, hours=1)
    assert sale.scan(WINE).lines[-1].line.unit_price == eur("6.99")
    assert sale.search("red wine")[0].price == eur("6.99")
    sale.park()
    open_rig.clock.advance(days=1)
    assert sale.scan(WINE).lines[-1].line.unit_price == eur("8.99")  # over
