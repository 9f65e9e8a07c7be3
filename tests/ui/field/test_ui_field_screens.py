"""A rep on the tablet: the PIN opens the field-sales home (today + target), customers
searched and one added offline, a visit logged in the 360° view, an offer built with
an optional line and saved with its PDF, the week's agenda, the pipeline with a deal
moved on; in landscape (1280x800) and portrait (800x1280), every button touch-sized
and inside the window. Screenshots: docs/screens/field_*.png."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from kivy.metrics import dp
from ui_driver import find, sign_in

from kassa.terminal.services.field.demo_field import seed_field_demo

pytestmark = pytest.mark.ui


def buttons(root):
    from kivy.uix.behaviors import ButtonBehavior

    return [w for w in root.walk(restrict=True) if isinstance(w, ButtonBehavior) and w.opacity > 0]


def fits(ui, screen) -> list[str]:
    from kivy.uix.recycleview import RecycleView

    width, height = ui.window.size
    problems = []
    for button in buttons(screen):
        if button.get_root_window() is None or any(
            isinstance(p, RecycleView) for p in _parents(button)
        ):
            continue
        x, y = button.to_window(button.x, button.y)
        label = (
            getattr(button, "name", "")
            or getattr(button, "text", "")
            or getattr(button, "title", "")
        )
        if min(button.size) < dp(48) - 0.5:
            problems.append(f"{screen.name}: {label!r} is {button.size}")
        if (
            x < -0.5
            or y < -0.5
            or x + button.width > width + 0.5
            or y + button.height > height + 0.5
        ):
            problems.append(f"{screen.name}: {label!r} outside the window")
    return problems


def _parents(widget):
    while widget.parent is not None and widget.parent is not widget:
        widget = widget.parent
        yield widget


def row(screen, title):
    from kassa.terminal.ui.field.screens import FieldRow

    for widget in screen.walk(restrict=True):
        if isinstance(widget, FieldRow) and widget.title.strip() == title:
            return widget
    raise LookupError(f"no row {title!r} on {screen.name}")


@pytest.fixture
def field_rig(rig):
    replica = rig.pos.extras["replica"]
    now = datetime.now(UTC)
    rig.stages = seed_field_demo(
        replica, store_id=rig.ids.store_id, rep_id=rig.ids.users["rita"], today=now.date()
    )
    return rig


def test_rep_day_on_the_tablet_landscape_and_portrait(ui, field_rig, terminal):
    rig = field_rig
    ui.window.size = (1280, 800)
    ui.frames(3)
    field = rig.pos.extras["field"]
    acme = rig.ids.customers["C1"]
    rig.pos.auth.login("5555")
    start = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)
    field.agenda.plan(kind="meeting", subject="Tasting at Acme", customer_id=acme,
                      starts_at=start, duration_minutes=60, location="Berlin")  # fmt: skip
    deal = field.pipeline.create(customer_id=acme, title="Canteen wine", amount_minor=450000)
    rig.pos.auth.logout()

    sign_in(ui, terminal, "5555")
    frame, vm = terminal.frame, terminal.field
    assert frame.manager.current == "field_home", terminal.session.error
    assert "Rita" in vm.home_title and vm.target_text.startswith("Target ")
    assert [r["title"] for r in vm.today_rows] == ["15:00 Meeting: Tasting at Acme"]
    ui.screenshot("field_home")

    home = frame.screen("field_home")
    ui.tap(find(home, "nav_customers"))
    customers = frame.screen("field_customers")
    customers.ids.query.text = "acme"
    ui.tap(find(customers, "customer_search"))
    ui.tap(row(customers, "Acme GmbH"))
    assert vm.detail_title == "Acme GmbH"
    customers.ids.outcome.text = "Wants prices for 24 bottles"
    ui.tap(find(customers, "log_visit"))
    assert any("Wants prices for 24 bottles" in r["detail"] for r in vm.detail_rows)
    assert any(r["title"] == "Deal: Canteen wine" for r in vm.detail_rows)
    assert any(r["title"] == "Prices: Acme prices" for r in vm.detail_rows)
    customers.ids.new_name.text, customers.ids.new_city.text = "Café Zürich", "Zürich"
    ui.tap(find(customers, "customer_add"))
    assert vm.detail_title == "Café Zürich" and "head office gets it" in vm.info
    ui.tap(row(customers, "Acme GmbH"))
    ui.screenshot("field_customer")

    ui.tap(find(customers, "new_offer"))
    offer = frame.screen("field_offer")
    assert frame.manager.current == "field_offer" and vm.offer_title == "Offer for Acme GmbH"
    products = offer.ids.products
    products.ids.product_query.text = "wine"
    ui.tap(find(offer, "product_search"))
    ui.tap(row(offer, "Red wine 0.75 l"))
    products.ids.product_query.text = "croissant"
    ui.tap(find(offer, "product_search"))
    ui.tap(products.ids.optional)
    ui.tap(row(offer, "Croissant"))
    assert [r["detail"] for r in vm.offer_rows] == ["1 pc x 7.49 €", "optional · 1 pc x 1.20 €"]
    assert vm.offer_total == "Total 7.49 €  (+ optional 1.20 €)"
    ui.tap(find(offer, "save_offer"))
    assert vm.info.startswith("Offer OF-S01-T01-000001 saved"), vm.error
    ui.tap(find(offer, "offer_pdf"))
    assert vm.info == "PDF ready to send: Offer_OF-S01-T01-000001.pdf", vm.error
    ui.screenshot("field_offer")

    ui.tap(find(offer, "nav_agenda"))
    agenda = frame.screen("field_agenda")
    assert vm.agenda_title.startswith("Week ")
    titles = [r["title"] for r in vm.agenda_rows]
    assert "15:00 Meeting: Tasting at Acme" in titles
    ui.screenshot("field_agenda")
    agenda.ids.outcome.text = "Ordered 24 bottles"
    ui.tap(row(agenda, "15:00 Meeting: Tasting at Acme"))
    assert field.agenda.for_customer(acme)[0].status in ("done", "planned")
    assert any(a.outcome == "Ordered 24 bottles" for a in field.agenda.for_customer(acme))

    ui.tap(find(agenda, "nav_deals"))
    deals = frame.screen("field_deals")
    ui.tap(row(deals, "Canteen wine"))
    assert field.pipeline.get(deal["id"])["stage"]["code"] == "QUALIFIED", vm.error
    ui.screenshot("field_deals")

    problems = []
    for size in ((1280, 800), (800, 1280)):
        ui.window.size = size
        ui.frames(3)
        for name in ("field_home", "field_customers", "field_agenda", "field_deals", "field_offer"):
            terminal.shell.go(name)
            ui.settle()
            problems += fits(ui, frame.screen(name))
        if size == (800, 1280):
            terminal.shell.go("field_customers")
            ui.settle()
            ui.screenshot("field_customer_portrait")
            terminal.shell.go("field_offer")
            ui.settle()
            ui.screenshot("field_offer_portrait")
    assert problems == []
    ui.tap(find(frame.screen("field_offer"), "sign_out"))
    assert frame.manager.current == "login"
    ui.window.size = (1024, 600)
    ui.frames(3)
    _ = timedelta
