"""A rep on the tablet: the PIN opens the field-sales home (today, target, pipeline);
customers searched, one added offline, a contact edited, one more contact and a
delivery address added and a visit logged in the 360° view, an invoice printed from
it and its PDF written; an offer built with an optional line, saved, its PDF written,
part of it ordered; the week's agenda with an activity done and its follow-up
planned; the pipeline with deals moved on, one lost with a reason, one's chance and
labels edited. In landscape (1280x800) and portrait (800x1280) every button is
touch-sized and inside the window.
Screenshots: docs/screens/field_*.png."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from kivy.metrics import dp
from ui_driver import dialog, find, sign_in

from kassa.sync.models import Invoice
from kassa.sync.replica.unit_of_work import UnitOfWork
from kassa.terminal.services.field.demo_field import seed_field_demo

pytestmark = pytest.mark.ui
SCREENS = ("field_home", "field_customers", "field_agenda", "field_deals", "field_offer")


def fits(ui, screen) -> list[str]:
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.recycleview import RecycleView

    width, height = ui.window.size
    problems = []
    for button in screen.walk(restrict=True):
        if not isinstance(button, ButtonBehavior) or button.get_root_window() is None:
            continue
        if any(isinstance(parent, RecycleView) for parent in _parents(button)):
            continue  # list rows scroll
        x, y = button.to_window(button.x, button.y)
        label = getattr(button, "name", "") or getattr(button, "text", "")
        if min(button.size) < dp(48) - 0.5:
            problems.append(f"{screen.name}: {label!r} is {button.size}")
        if (
            x < -0.5
            or y < -0.5
            or x + button.width > width + 0.5
            or y + button.height > height + 0.5
        ):
            problems.append(f"{screen.name}: {label!r} is outside the {width}x{height} window")
    return problems


def _parents(widget):
    while widget.parent is not None and widget.parent is not widget:
        widget = widget.parent
        yield widget


def row(screen, title):
    from kassa.terminal.ui.field.screens import FieldRow

    for widget in screen.walk(restrict=True):
        if isinstance(widget, FieldRow) and widget.title.strip(" >") == title:
            return widget
    raise LookupError(f"no row {title!r} in {screen!r}")


@pytest.fixture
def field_rig(rig):
    replica = rig.pos.extras["replica"]
    rig.stages = seed_field_demo(
        replica,
        store_id=rig.ids.store_id,
        rep_id=rig.ids.users["rita"],
        today=datetime.now(UTC).date(),
    )
    invoice = Invoice(
        series="2026", number=41, customer_id=rig.ids.customers["C1"], store_id=rig.ids.store_id,
        issued_at=datetime.now(UTC), currency="EUR", net_minor=749, tax_minor=150,
        total_minor=899,
        price_mode="net",
        lines=[{"line_id": "L1", "name": "Red wine 0.75 l", "quantity": "1",
                "unit_price_minor": 749, "tax_code": "A", "tax_rate": "20",
                "net_minor": 749, "tax_minor": 150, "total_minor": 899}],
        tax_lines=[{"tax_code": "A", "tax_rate": "20", "net_minor": 749, "tax_minor": 150,
                    "gross_minor": 899}],
    )  # fmt: skip
    with UnitOfWork(replica) as uow:  # as a pull from head office brings it
        uow.session.add(invoice)
        uow.commit()
    return rig


@pytest.mark.slow
def test_rep_day_on_the_tablet_landscape_and_portrait(ui, field_rig, terminal):
    rig = field_rig
    ui.window.size = (1280, 800)
    ui.frames(3)
    field = rig.pos.extras["field"]
    acme = rig.ids.customers["C1"]
    rig.pos.auth.login("5555")
    zone = field.ctx.zone
    start = datetime.now(zone).replace(hour=15, minute=0, second=0, microsecond=0)
    field.agenda.plan(kind="meeting", subject="Tasting at Acme", customer_id=acme,
                      starts_at=start, duration_minutes=60, location="Berlin")  # fmt: skip
    canteen = field.pipeline.create(customer_id=acme, title="Canteen wine", amount_minor=450000)
    field.pipeline.create(customer_id=acme, title="Bread rounds", amount_minor=12000)
    rig.pos.auth.logout()

    sign_in(ui, terminal, "5555")
    frame, nav = terminal.frame, terminal.field
    assert frame.manager.current == "field_home", terminal.session.error
    assert "Rita" in nav.home.title and nav.home.target_text.startswith("Target ")
    assert [r["title"] for r in nav.home.today_rows] == ["15:00 Meeting: Tasting at Acme"]
    # both deals in Lead (10 %): 4,500.00 + 120.00 expected, 450.00 + 12.00 weighted
    assert nav.home.pipeline_text == (
        "Pipeline: 2 open deals · 4,620.00 € expected · 462.00 € weighted"
    )
    ui.screenshot("field_home")

    # Customers: Acme's 360 view, a contact edit, a visit, an invoice printed.
    ui.tap(find(frame.screen("field_home"), "nav_customers"))
    customers = frame.screen("field_customers")
    customers.ids.query.text = "acme"
    ui.tap(find(customers, "customer_search"))
    ui.tap(row(customers, "Acme GmbH"))
    vm = nav.customers
    assert vm.detail_title == "Acme GmbH"
    titles = [r["title"] for r in vm.detail_rows]
    assert "Prices: Acme prices" in titles and "Deal: Canteen wine" in titles
    assert "Open balance 8.99 €" in titles and "Invoice 2026-41" in titles
    detail = customers.ids.detail
    detail.ids.phone.text, detail.ids.email.text = "+49 30 555", "buy@acme.example"
    ui.tap(find(customers, "save_contact"))
    assert vm.info.startswith("Acme GmbH: contact saved"), vm.error
    assert vm.detail_rows[0]["detail"] == "+49 30 555  buy@acme.example"
    # One more contact and a delivery address, in the dialog (a name is required).
    ui.tap(find(customers, "add_more"))
    more = dialog()
    assert more is not None and more.title == "Add to Acme GmbH"
    more.ids.a.text, more.ids.b.text, more.ids.c.text = "Eva Berg", "purchasing", "+49 30 99"
    ui.screenshot("field_customer_more")
    ui.tap(find(more, "more_add"))
    assert dialog() is None and vm.info.startswith("Contact Eva Berg saved"), vm.error
    ui.tap(find(customers, "add_more"))
    more = dialog()
    ui.tap(find(more, "more_delivery"))
    assert more.ids.a.hint_text == "Street and number"
    ui.tap(find(more, "more_add"))
    assert vm.error == "Address: type the street" and dialog() is more
    more.ids.a.text, more.ids.b.text, more.ids.c.text = "Hofweg 2", "10115", "Berlin"
    ui.tap(find(more, "more_add"))
    assert dialog() is None, vm.error
    details = {r["title"]: r["detail"] for r in vm.detail_rows}
    assert details["Eva Berg · purchasing"] == "+49 30 99"
    assert details["Delivery address"] == "Hofweg 2, 10115 Berlin"
    ui.tap(row(customers.ids.detail, "Eva Berg · purchasing"))  # a tap offers to remove her
    asked = dialog()
    assert asked.title == "Remove Eva Berg · purchasing?"
    ui.tap(find(asked, "choice_remove"))
    assert dialog() is None and "Eva Berg · purchasing" not in {
        r["title"] for r in vm.detail_rows
    }, vm.error
    detail.ids.outcome.text = "Wants prices for 24 bottles"
    ui.tap(find(customers, "log_visit"))
    assert any("Wants prices for 24 bottles" in r["detail"] for r in vm.detail_rows)
    ui.tap(row(customers, "Invoice 2026-41"))
    assert vm.info == "Invoice sent to the printer; PDF to send: Invoice_2026-41.pdf", vm.error
    assert (field.ctx.pdf_dir / "Invoice_2026-41.pdf").read_bytes().startswith(b"%PDF-")
    paper = "\n".join(rig.printed()[-1])
    assert "INVOICE" in paper and "2026-41" in paper and "Acme GmbH" in paper
    customers.ids.new_name.text, customers.ids.new_city.text = "Café Zürich", "Zürich"
    ui.tap(find(customers, "customer_add"))
    assert vm.detail_title == "Café Zürich" and "head office gets it" in vm.info
    ui.tap(row(customers, "Acme GmbH"))
    ui.screenshot("field_customer")

    # An offer with an optional line; the customer takes the wine and the croissants.
    ui.tap(find(customers, "new_offer"))
    offer, ovm = frame.screen("field_offer"), nav.offer
    assert frame.manager.current == "field_offer" and ovm.title == "Offer for Acme GmbH"
    products = offer.ids.products
    for text, optional in (("wine", False), ("sourdough", False), ("croissant", True)):
        products.ids.product_query.text = text
        products.ids.qty.text = "12" if text == "wine" else "1"
        ui.tap(find(offer, "product_search"))
        if optional:
            ui.tap(products.ids.optional)
        ui.tap(row(offer, ovm.product_rows[0]["title"]))
    assert [r["detail"] for r in ovm.line_rows] == [
        "12 pc x 7.49 €", "1 pc x 4.50 €", "optional · 1 pc x 1.20 €",
    ]  # fmt: skip
    assert ovm.total == "Total 94.38 €  (+ optional 1.20 €)"
    ui.tap(find(offer, "save_offer"))
    assert ovm.info.startswith("Offer OF-S01-T01-000001 saved"), ovm.error
    ui.tap(find(offer, "offer_pdf"))
    assert ovm.info == "PDF ready to send: Offer_OF-S01-T01-000001.pdf", ovm.error
    ui.tap(find(offer, "offer_revise"))  # a second revision; the first is kept
    assert ovm.title == "Offer for Acme GmbH · revision 2", ovm.error
    ui.tap(find(offer, "save_offer"))
    assert ovm.info.startswith("Offer OF-S01-T01-000001/2 saved"), ovm.error
    ui.tap(row(offer.ids.lines, "Sourdough bread"))  # left out
    ui.tap(row(offer.ids.lines, "Croissant"))  # taken
    assert ovm.taken == ["L1", "L3"]
    ui.screenshot("field_offer")
    ui.tap(find(offer, "offer_accept"))
    assert ovm.info.startswith("Sales order SO-S01-T01-000001 (91.08 €) saved"), ovm.error

    # The agenda: the meeting done, with a follow-up call a week later.
    ui.tap(find(offer, "nav_agenda"))
    agenda = frame.screen("field_agenda")
    assert nav.agenda.title.startswith("Week ")
    agenda.ids.outcome.text = "Ordered wine"
    ui.tap(agenda.ids.follow_up)
    ui.tap(row(agenda, "15:00 Meeting: Tasting at Acme"))
    history = field.agenda.for_customer(acme)
    (tasting,) = [a for a in history if a.subject == "Tasting at Acme"]
    (follow,) = [a for a in history if a.subject == "Follow-up call"]
    assert (tasting.status, tasting.outcome) == ("done", "Ordered wine")
    assert follow.status == "planned" and follow.follows_id == tasting.activity_id
    agenda.ids.kind.text, agenda.ids.subject.text = "task", "Send the price list"
    agenda.ids.at.text, agenda.ids.minutes.text = "7.30", "15"
    ui.tap(find(agenda, "plan"))
    assert nav.agenda.error == "'7.30' is not a time: type it like 09:30"
    agenda.ids.at.text, agenda.ids.location.text = "16:30", "Office"
    ui.tap(find(agenda, "plan"))
    titles = [r["title"] for r in nav.agenda.agenda_rows]
    assert "16:30 Task: Send the price list" in titles, nav.agenda.error
    ui.screenshot("field_agenda")

    # Deals: one moved on, one lost with its reason (a reason is required).
    ui.tap(find(agenda, "nav_deals"))
    deals, dvm = frame.screen("field_deals"), nav.deals
    deals.ids.title.text, deals.ids.amount.text = "Glasses for the bar", "1200.50"
    ui.tap(find(deals, "deal_new"))
    assert dvm.info == "Deal Glasses for the bar saved in Lead", dvm.error
    assert [
        d["amount_minor"] for d in field.pipeline.list() if d["title"].startswith("Glasses")
    ] == [120050]
    ui.tap(row(deals, "Canteen wine"))
    ui.tap(find(deals, "deal_next"))
    assert field.pipeline.get(canteen["id"])["stage"]["code"] == "QUALIFIED", dvm.error
    ui.tap(row(deals, "Bread rounds"))
    ui.tap(find(deals, "deal_lost"))
    assert dvm.error.startswith("Say why the deal was lost")
    deals.ids.reason.text = "Bakes its own"
    ui.tap(find(deals, "deal_lost"))
    assert dvm.selected_text == "Bread rounds · Lost", dvm.error
    # Canteen wine: its chance slid to 45 % (from the stage's 30 %) and two labels.
    ui.tap(row(deals, "Canteen wine"))
    assert deals.ids.chance.value == 30 and dvm.from_stage
    deals.ids.chance.value = 45
    deals.ids.labels.text = "canteen, Hot , hot"
    ui.tap(find(deals, "deal_save"))
    saved = field.pipeline.get(canteen["id"])
    assert (saved["probability"], saved["labels"]) == (45, ["canteen", "Hot"]), dvm.error
    assert dvm.info == "Deal Canteen wine: 4,500.00 € · 45 % · weighted 2,025.00 € · #canteen  #Hot"
    assert deals.ids.labels.text == "canteen, Hot"
    heads = {r["title"]: r["detail"] for r in dvm.deal_rows}
    assert heads["Qualified (30 %)"] == "1 deal · 4,500.00 € · weighted 2,025.00 €"
    ui.tap(row(deals, "Glasses for the bar"))  # another deal: its own figures in the inputs
    assert (deals.ids.chance.value, deals.ids.labels.text) == (10, "")
    ui.tap(row(deals, "Canteen wine"))
    ui.screenshot("field_deals")

    # Back at the customer: the order is listed and printed from the 360 view.
    ui.tap(find(deals, "nav_customers"))
    ui.tap(row(customers, "Acme GmbH"))
    ui.tap(row(customers.ids.detail, "Order SO-S01-T01-000001"))
    assert vm.info.startswith("Order sent to the printer; PDF to send: "), vm.error
    paper = "\n".join(rig.printed()[-1])
    assert "SALES ORDER" in paper and "Your offer: OF-S01-T01-000001/2" in paper

    problems = []
    for size in ((1280, 800), (800, 1280)):
        ui.window.size = size
        ui.frames(3)
        for name in SCREENS:
            terminal.shell.go(name)
            ui.settle()
            problems += fits(ui, frame.screen(name))
        if size == (800, 1280):
            for name, shot in (
                ("field_customers", "field_customer"),
                ("field_offer", "field_offer"),
                ("field_deals", "field_deals"),
            ):
                terminal.shell.go(name)
                ui.settle()
                ui.screenshot(f"{shot}_portrait")
    assert problems == []
    ui.tap(find(frame.screen("field_deals"), "sign_out"))
    assert frame.manager.current == "login"
    ui.window.size = (1024, 600)
    ui.frames(3)
