"""Pushed field facts applied at head office: offers, orders, stage moves, activities."""

from __future__ import annotations

from datetime import timedelta

from field_world import VALID, net_line, totals

from kassa.core.ids import new_id
from kassa.sync.field_facts import (
    ActivityFact,
    CustomerRef,
    DealStageMoveFact,
    OfferAcceptance,
    OfferFact,
    OrderCancelledFact,
    SalesOrderFact,
)


def make_offer(world, *, offer_id=None, revision=1, lines=None):
    lines = lines or [
        net_line("1", qty="2", price=1000),
        net_line("2", qty="1", price=500, optional=True),
    ]
    return OfferFact(
        offer_id=offer_id or new_id(),
        revision=revision,
        customer=world.customer,
        rep=world.rep,
        currency="EUR",
        lines=lines,
        valid_until=VALID,
        deal_id=world.deal["id"],
        **totals(lines),
    )


def make_order(world, *, offer=None, accepted=None, lines=None, order_id=None):
    lines = lines or [net_line("1", qty="2", price=1000)]
    acceptance = (
        OfferAcceptance(
            offer_id=offer.offer_id, revision=offer.revision, accepted_line_ids=accepted
        )
        if offer
        else None
    )
    return SalesOrderFact(
        order_id=order_id or new_id(),
        customer=world.customer,
        rep=world.rep,
        currency="EUR",
        lines=lines,
        offer=acceptance,
        deal_id=world.deal["id"],
        **totals(lines),
    )


def test_every_revision_of_an_offer_is_kept(world):
    first = make_offer(world)
    assert world.push("offer", first)["status"] == "stored"
    lines = [net_line("1", qty="3", price=900), net_line("2", qty="1", price=500, optional=True)]
    second = make_offer(world, offer_id=first.offer_id, revision=2, lines=lines)
    assert world.push("offer", second)["status"] == "stored"
    again = world.push("offer", make_offer(world, offer_id=first.offer_id, revision=2))
    assert again["status"] == "quarantined" and "already has revision 2" in again["reason"]
    offer = world.get(f"offers/{first.offer_id}")
    assert offer["status"] == "open" and offer["latest_revision"] == 2
    assert [r["total_minor"] for r in offer["revisions"]] == [2400, 3240]


def test_an_order_from_part_of_an_offer_becomes_a_sales_order_the_tablet_pulls(world):
    offer = make_offer(world)
    world.push("offer", offer)
    order = make_order(world, offer=offer, accepted=["1"])
    assert world.push("sales_order", order)["status"] == "stored"
    stored = world.get(f"sales-orders/{order.order_id}")
    assert stored["status"] == "entered" and stored["offer_revision"] == 1
    assert stored["total_minor"] == 2400 and stored["lines"][0]["quantity"] == "2"
    assert world.get(f"offers/{offer.offer_id}")["status"] == "accepted"
    pulled = [c for c in world.pull_all() if c["table"] == "sales_orders"]
    assert [c["data"]["status"] for c in pulled] == ["entered"]


def test_an_order_must_take_exactly_the_accepted_offer_lines(world):
    offer = make_offer(world)
    world.push("offer", offer)
    wrong = world.push("sales_order", make_order(world, offer=offer, accepted=["1", "9"]))
    assert wrong["status"] == "quarantined" and "no line(s) 9" in wrong["reason"]
    mismatch = world.push("sales_order", make_order(world, offer=offer, accepted=["1", "2"]))
    assert mismatch["status"] == "quarantined" and "exactly the accepted" in mismatch["reason"]
    assert world.get("sales-orders") == []


def test_head_office_moves_the_status_and_delivery_makes_one_invoice_order(world):
    order = make_order(world)
    world.push("sales_order", order)
    world.post(f"sales-orders/{order.order_id}/status", {"status": "confirmed"})
    world.post(f"sales-orders/{order.order_id}/status", {"status": "delivered"})
    refused = world.post(f"sales-orders/{order.order_id}/status", {"status": "cancelled"}, 409)
    assert "is delivered" in refused["message"]
    pending = world.get("invoice-orders", status="pending")
    assert [(p["order_id"], p["total_minor"], p["source"]) for p in pending] == [
        (str(order.order_id), 2400, "head_office")
    ]
    statuses = [c["data"]["status"] for c in world.pull_all() if c["table"] == "sales_orders"]
    assert statuses == ["delivered"]  # the tablet sees where its order stands


def test_a_rep_cancels_an_open_order_but_not_a_delivered_one(world):
    first, second = make_order(world), make_order(world)
    world.push("sales_order", first)
    world.push("sales_order", second)
    cancel = OrderCancelledFact(
        order_id=first.order_id, reason="customer changed mind", rep=world.rep
    )
    assert world.push("order_cancelled", cancel)["status"] == "stored"
    assert world.get(f"sales-orders/{first.order_id}")["status"] == "cancelled"
    world.post(f"sales-orders/{second.order_id}/status", {"status": "delivered"})
    late = OrderCancelledFact(order_id=second.order_id, reason="too late", rep=world.rep)
    result = world.push("order_cancelled", late)
    assert result["status"] == "quarantined" and "no longer be cancelled" in result["reason"]


def test_stage_moves_are_recorded_with_their_time_and_move_the_deal(world, later):
    deal = world.deal["id"]
    move = DealStageMoveFact(
        deal_id=deal,
        from_stage_id=world.stage("LEAD"),
        to_stage_id=world.stage("PROPOSAL"),
        moved_at=later(hours=1),
        rep=world.rep,
        base_version=world.deal["version"],
    )
    assert world.push("deal_stage_move", move)["status"] == "stored"
    assert world.get(f"deals/{deal}")["stage_id"] == world.stage("PROPOSAL")
    moves = world.get("deal-stage-moves", deal_id=deal)
    assert [(m["to_stage_id"], m["moved_at"][:16]) for m in moves] == [
        (world.stage("PROPOSAL"), "2026-03-02T11:00")
    ]
    lying = DealStageMoveFact(
        deal_id=deal,
        to_stage_id=world.stage("LOST"),
        outcome="open",
        moved_at=later(hours=2),
        rep=world.rep,
    )
    result = world.push("deal_stage_move", lying)
    assert result["status"] == "quarantined" and "is lost at head office" in result["reason"]
    assert world.get(f"deals/{deal}")["stage_id"] == world.stage("PROPOSAL")


def test_a_won_move_names_its_order(world, later):
    order = make_order(world)
    world.push("sales_order", order)
    won = DealStageMoveFact(
        deal_id=world.deal["id"],
        to_stage_id=world.stage("WON"),
        outcome="won",
        moved_at=later(hours=3),
        rep=world.rep,
        order_id=order.order_id,
    )
    assert world.push("deal_stage_move", won)["status"] == "stored"
    assert world.get("deal-stage-moves")[0]["order_id"] == str(order.order_id)
    assert world.get(f"deals/{world.deal['id']}")["stage_id"] == world.stage("WON")


def test_the_newest_revision_of_an_activity_wins(world, later):
    visit = ActivityFact(
        activity_id=new_id(),
        kind="visit",
        rep=world.rep,
        customer_id=world.customer.customer_id,
        subject="Demo",
        starts_at=later(days=1),
        duration_minutes=45,
        location="Vienna",
    )
    done = visit.model_copy(update={"revision": 2, "status": "done", "outcome": "wants offer"})
    world.push("activity", visit)
    world.push("activity", done)
    world.push("activity", visit)  # a stale revision arriving late changes nothing
    [row] = world.get("activities", customer_id=str(world.customer.customer_id))
    assert (row["status"], row["outcome"], row["revision"]) == ("done", "wants offer", 2)
    assert row["duration_minutes"] == 45
    assert row["starts_at"].startswith((later(days=1) - timedelta(0)).date().isoformat())


def test_a_document_for_an_unknown_customer_is_quarantined_with_the_reason(world):
    stranger = world.customer.model_copy(update={"customer_id": new_id()})
    order = make_order(world).model_copy(update={"customer": stranger})
    result = world.push("sales_order", order)
    assert result["status"] == "quarantined" and "not known at head office" in result["reason"]


def test_a_document_for_another_stores_customer_is_quarantined(world):
    other = world.create("stores", code="S2", name="Other", currency="EUR")
    theirs = world.create("customers", code="C2", name="Elsewhere", store_id=other["id"])
    stranger = CustomerRef(customer_id=theirs["id"], name="Elsewhere")
    result = world.push("sales_order", make_order(world).model_copy(update={"customer": stranger}))
    assert result["status"] == "quarantined" and "served by another store" in result["reason"]


def test_a_tablets_chance_and_labels_reach_head_office_and_bad_ones_are_refused(world):
    deal = world.deal
    assert (deal["probability"], deal["labels"]) == (None, [])  # None: the stage's figure
    edit = {
        "row_id": deal["id"],
        "base_version": deal["version"],
        "changes": {"probability": 40, "labels": ["hot", "repeat buyer"]},
    }
    assert world.push("deal_edit", edit)["status"] == "stored"
    stored = world.get(f"deals/{deal['id']}")
    assert (stored["probability"], stored["labels"]) == (40, ["hot", "repeat buyer"])
    pulled = [c["data"] for c in world.pull_all() if c["table"] == "deals"][-1]
    assert (pulled["probability"], pulled["labels"]) == (40, ["hot", "repeat buyer"])

    for changes, reason in (
        ({"probability": "12.5", "labels": ["cold"]}, "whole percent"),  # no floats in facts
        ({"probability": 101}, "whole percent"),
        ({"labels": ["x" * 31]}, "at most 30 characters"),
    ):
        bad = {"row_id": deal["id"], "base_version": stored["version"], "changes": changes}
        result = world.push("deal_edit", bad)
        assert result["status"] == "quarantined" and reason in result["reason"], result
    kept = world.get(f"deals/{deal['id']}")  # nothing half-written
    assert (kept["probability"], kept["labels"]) == (40, ["hot", "repeat buyer"])
