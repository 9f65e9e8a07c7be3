"""Customers offline (search, create, edit with base version, 360° view) and the
rep's agenda (log, plan, complete with a follow-up, day and week views), on a
real device database; every change is a journaled fact waiting in the outbox."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from kassa.sync.replica.outbox import pending_count
from kassa.sync.replica.schema import fact
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import InvalidInput, NotAllowed
from kassa.terminal.services.field.tables import CUSTOMERS


def facts_of(tablet, type_):
    with reading(tablet.pos.extras["replica"]) as connection:
        rows = connection.execute(select(fact).where(fact.c.type == type_).order_by(fact.c.seq))
        return [row for row in rows]


def test_customer_created_offline_is_searchable_and_travels_as_a_create(tablet):
    book = tablet.field.customers
    assert [c["name"] for c in book.search("acm")] == ["Acme GmbH"]
    made = book.create({"name": "Café Zürich", "city": "Zürich", "country": "ch", "phone": "+41 1"})
    assert made["_pending"] and made["country"] == "CH"
    assert [c["name"] for c in book.search("cafe zur")] == ["Café Zürich"]
    assert [c["name"] for c in book.search("zurich")] == ["Café Zürich"]
    (edit,) = facts_of(tablet, "customer_edit")
    payload = __import__("json").loads(edit.payload)
    assert payload["create"] is True and payload["base_version"] == 0
    assert payload["row_id"] == str(made["id"])
    assert payload["changes"]["name"] == "Café Zürich"
    with reading(tablet.pos.extras["replica"]) as connection:
        assert pending_count(connection) == 1
        # nothing written to the pulled table: head office's row will come back
        assert (
            connection.execute(select(CUSTOMERS).where(CUSTOMERS.c.id == made["id"])).first()
            is None
        )


def test_edit_sends_only_changed_fields_with_the_base_version(tablet):
    book = tablet.field.customers
    acme = tablet.ids.customers["C1"]
    with tablet.pos.extras["replica"].writer.begin() as connection:
        connection.execute(CUSTOMERS.update().where(CUSTOMERS.c.id == acme).values(version=7))
    after = book.edit(acme, {"phone": "+49 30 1234", "name": "Acme GmbH"})
    assert after["phone"] == "+49 30 1234" and after["version"] == 7
    (edit,) = facts_of(tablet, "customer_edit")
    payload = __import__("json").loads(edit.payload)
    assert payload == {
        "row_id": str(acme), "base_version": 7, "changes": {"phone": "+49 30 1234"},
        "create": False,
    }  # fmt: skip
    with pytest.raises(InvalidInput, match="Nothing changed"):
        book.edit(acme, {"phone": "+49 30 1234"})
    with pytest.raises(InvalidInput, match="credit_limit_minor"):
        book.edit(acme, {"credit_limit_minor": 1})
    with pytest.raises(InvalidInput, match="Customer name"):
        book.create({"name": ""})
    assert len(facts_of(tablet, "customer_edit")) == 1  # refusals wrote nothing


def test_more_contacts_and_addresses_travel_as_whole_lists_and_show_in_the_360_view(tablet):
    book, acme = tablet.field.customers, tablet.ids.customers["C1"]
    book.add_contact(acme, name="  Eva   Berg ", role="purchasing", phone="+49 30 99")
    after = book.add_address(
        acme, kind="Delivery", street="Hofweg 2 (back door)", postal_code="10115",
        city="Berlin", country="de",
    )  # fmt: skip
    (eva,) = after["contacts"]
    assert (eva["name"], eva["role"], eva["email"]) == ("Eva Berg", "purchasing", "")
    (door,) = after["addresses"]
    assert (door["kind"], door["country"]) == ("delivery", "DE")
    edits = [__import__("json").loads(f.payload) for f in facts_of(tablet, "customer_edit")]
    assert [sorted(e["changes"]) for e in edits] == [["contacts"], ["addresses"]]
    assert edits[1]["changes"]["addresses"] == [door]  # the whole list, ids included

    view = tablet.field.customer_360(acme)
    assert [(c["name"], c["role"]) for c in view.contacts][-1] == ("Eva Berg", "purchasing")
    assert view.addresses[-1] == {
        "id": door["id"], "kind": "delivery", "line": "Hofweg 2 (back door), 10115 Berlin, DE"
    }  # fmt: skip

    for call, values, message in (
        (book.add_contact, {"name": " "}, "Contact: type the name"),
        (book.add_address, {"kind": "home", "street": "x"}, "a billing or a delivery address"),
        (book.add_address, {"kind": "billing", "street": ""}, "Address: type the street"),
    ):
        with pytest.raises(InvalidInput, match=message):
            call(acme, **values)
    assert len(facts_of(tablet, "customer_edit")) == 2  # refusals wrote nothing
    gone = book.remove_entry(acme, eva["id"])
    assert gone["contacts"] == [] and len(gone["addresses"]) == 1


def test_a_cashier_cannot_use_field_sales(tablet):
    tablet.pos.auth.login("1111")
    with pytest.raises(NotAllowed, match="may not do field sales"):
        tablet.field.customers.search("")


def test_agenda_visit_logged_next_scheduled_day_and_week(tablet):
    agenda = tablet.field.agenda
    acme = tablet.ids.customers["C1"]
    visit = agenda.log(
        kind="visit", subject="Quarterly visit", customer_id=acme, location="Berlin",
        starts_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC), duration_minutes=45,
        outcome="Wants a wine offer",
    )  # fmt: skip
    assert visit.status == "done" and visit.revision == 2 and visit.outcome == "Wants a wine offer"
    call = agenda.plan(
        kind="call", subject="Call back", customer_id=acme,
        starts_at=datetime(2026, 11, 25, 14, 0, tzinfo=UTC), duration_minutes=15,
    )  # fmt: skip
    done = agenda.complete(
        call.activity_id,
        outcome="Sent prices",
        next_activity={
            "kind": "meeting", "subject": "Tasting",
            "starts_at": datetime(2026, 11, 27, 10, 0, tzinfo=UTC), "duration_minutes": 60,
        },
    )  # fmt: skip
    assert done.status == "done"
    week = agenda.week(date(2026, 11, 25))
    assert week[0].day == date(2026, 11, 23) and len(week) == 7
    assert [[a.subject for a in d.activities] for d in week][:5] == [
        ["Quarterly visit"], [], ["Call back"], [], ["Tasting"],
    ]  # fmt: skip
    tasting = week[4].activities[0]
    assert tasting.follows_id == call.activity_id and tasting.status == "planned"
    assert tasting.customer_id == acme
    assert [a.subject for a in agenda.day(date(2026, 11, 23)).activities] == ["Quarterly visit"]
    with pytest.raises(InvalidInput, match="already done"):
        agenda.complete(call.activity_id, outcome="again")
    with pytest.raises(InvalidInput, match="subject"):
        agenda.plan(kind="task", subject=" ", starts_at=datetime(2026, 11, 23, tzinfo=UTC))
    assert len(facts_of(tablet, "activity")) == 5  # 2 for the visit, 2 for the call, 1 tasting
    view = tablet.field.customer_360(acme)
    assert [a.subject for a in view.activities] == ["Tasting", "Call back", "Quarterly visit"]
    assert view.price_list == "Acme prices" and view.open_balance.minor == 0
