"""What the rep's screens show, as Kivy properties, and the field service calls behind
them (always off the UI thread, through the worker). Rows are plain dicts for
``FieldRow`` (``key``, ``title``, ``detail``, ``colour``)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

from kivy.properties import ListProperty, NumericProperty, ObjectProperty, StringProperty

from kassa.core.money import Money
from kassa.core.money_format import format_money
from kassa.terminal.ui.field import rows
from kassa.terminal.ui.viewmodels.base import ViewModel, shows_refusals


class FieldViewModel(ViewModel):
    home_title = StringProperty("")
    target_text = StringProperty("")
    target_percent = NumericProperty(0)
    today_rows = ListProperty([])
    customer_rows = ListProperty([])
    customer_id = StringProperty("")
    detail_title = StringProperty("Pick a customer")
    detail_rows = ListProperty([])
    agenda_mode = StringProperty("week")  # day | week
    agenda_title = StringProperty("")
    agenda_rows = ListProperty([])
    deal_rows = ListProperty([])
    draft = ObjectProperty(None, allownone=True)
    offer_title = StringProperty("No offer open")
    offer_rows = ListProperty([])
    offer_total = StringProperty("")
    product_rows = ListProperty([])
    last_offer_id = StringProperty("")

    def __init__(self, *, field: Any, shell: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field, self.shell = field, shell
        self.day = None

    # -- home --------------------------------------------------------------------
    def open_home(self) -> None:
        self.shell.go("field_home")
        self.call(self._home, then=self._show_home)

    def _home(self) -> dict:
        rep = self.field.ctx.rep()
        today = self.field.ctx.today()
        return {
            "rep": rep.name, "today": today,
            "targets": self.field.targets.mine(on=today),
            "activities": self.field.agenda.day(today).activities,
        }  # fmt: skip

    def _show_home(self, got: dict) -> None:
        self.home_title = f"{got['rep']} · {got['today']:%A %d %B %Y}"
        targets = got["targets"]
        if targets:
            t = targets[0]
            self.target_percent = min(100, t.percent)
            self.target_text = (
                f"Target {t.period_start:%d.%m}-{t.period_end:%d.%m}: "
                f"{format_money(t.achieved)} of {format_money(t.target)} ({t.percent} %) "
                f"from {t.orders} orders"
            )
        else:
            self.target_percent, self.target_text = 0, "No target for this period"
        self.today_rows = [rows.activity(a) for a in got["activities"]] or [
            rows.note("Nothing planned today")
        ]

    # -- customers -----------------------------------------------------------------
    def open_customers(self) -> None:
        self.shell.go("field_customers")
        self.search("")

    def search(self, text: str) -> None:
        self.call(self.field.customers.search, text, then=self._found)

    def _found(self, found: list) -> None:
        self.customer_rows = [rows.customer(c) for c in found] or [
            rows.note("No customer matches: check the spelling, or add one")
        ]

    def choose_customer(self, key: str) -> None:
        if not key:
            return
        self.customer_id = key
        self.call(self.field.customer_360, uuid.UUID(key), then=self._show_360)

    def _show_360(self, view: Any) -> None:
        self.detail_title = view.customer["name"]
        self.detail_rows = rows.customer_360(view)

    @shows_refusals
    def add_customer(self, name: str, city: str = "", phone: str = "") -> None:
        fields = {"name": name, "city": city, "phone": phone}
        self.call(self.field.customers.create, fields, then=self._created)

    def _created(self, customer: dict) -> None:
        self.info = f"{customer['name']} saved on the tablet; head office gets it at the next sync"
        self.search("")
        self.choose_customer(str(customer["id"]))

    def log_visit(self, outcome: str) -> None:
        if not self.customer_id:
            self.error = "Pick a customer first"
            return
        now = self.field.ctx.now()
        fields = {"kind": "visit", "subject": "Visit", "starts_at": now, "duration_minutes": 30}
        fields["customer_id"] = uuid.UUID(self.customer_id)
        self.call(
            self.field.agenda.log,
            outcome=outcome or "Visited",
            then=lambda _a: self.choose_customer(self.customer_id),
            **fields,
        )

    # -- agenda ---------------------------------------------------------------------
    def open_agenda(self, mode: str | None = None) -> None:
        self.agenda_mode = mode or self.agenda_mode
        self.shell.go("field_agenda")
        self.call(self._agenda, then=self._show_agenda)

    def shift_agenda(self, steps: int) -> None:
        self.day = (self.day or self.field.ctx.today()) + timedelta(
            days=steps * (7 if self.agenda_mode == "week" else 1)
        )
        self.open_agenda()

    def _agenda(self):
        day = self.day or self.field.ctx.today()
        if self.agenda_mode == "day":
            return [self.field.agenda.day(day)]
        return self.field.agenda.week(day)

    def _show_agenda(self, days: list) -> None:
        first, last = days[0].day, days[-1].day
        self.agenda_title = (
            f"{first:%A %d.%m.%Y}" if first == last else f"Week {first:%d.%m}-{last:%d.%m.%Y}"
        )
        self.agenda_rows = rows.agenda(days)

    def complete_activity(self, key: str, outcome: str = "Done") -> None:
        self.call(
            self.field.agenda.complete,
            uuid.UUID(key),
            outcome=outcome,
            then=lambda _a: self.open_agenda(),
        )

    def plan_call_tomorrow(self) -> None:
        start = datetime.combine(self.field.ctx.today() + timedelta(days=1), time(9), UTC)
        fields = {"kind": "call", "subject": "Call", "starts_at": start, "duration_minutes": 15}
        if self.customer_id:
            fields["customer_id"] = uuid.UUID(self.customer_id)
        self.call(self.field.agenda.plan, then=lambda _a: self.open_agenda(), **fields)

    # -- deals --------------------------------------------------------------------------
    def open_deals(self) -> None:
        self.shell.go("field_deals")
        self.call(self._deals, then=lambda got: setattr(self, "deal_rows", rows.pipeline(*got)))

    def _deals(self):
        return self.field.pipeline.stages(), self.field.pipeline.list()

    def advance_deal(self, key: str) -> None:
        """Move a deal to the next open stage (the screen's tap on a deal)."""

        def advance() -> Any:
            deal = self.field.pipeline.get(uuid.UUID(key))
            stages = [s for s in self.field.pipeline.stages() if not s["is_lost"]]
            ids = [s["id"] for s in stages]
            at = ids.index(deal["stage_id"]) if deal["stage_id"] in ids else -1
            if at + 1 >= len(ids):
                return deal
            return self.field.pipeline.move(deal["id"], ids[at + 1])

        self.call(advance, then=lambda _d: self.open_deals())

    # -- offers -------------------------------------------------------------------------
    def new_offer(self) -> None:
        if not self.customer_id:
            self.error = "Pick a customer first, then New offer"
            return
        self.shell.go("field_offer")
        self.call(self.field.drafts.new, "offer", uuid.UUID(self.customer_id), then=self._draft)

    def _draft(self, draft: Any) -> None:
        self.draft = draft
        self.offer_title = f"Offer for {draft.customer.name}" + (
            f" · revision {draft.revision}" if draft.revision > 1 else ""
        )
        self.offer_rows = [rows.draft_line(ln, draft.currency) for ln in draft.lines]
        if draft.lines:
            self.call(self.field.drafts.amounts, draft, then=self._amounts)
        else:
            self.offer_total = ""

    def _amounts(self, amounts: Any) -> None:
        cur = self.draft.currency
        total = format_money(Money(amounts.total_minor, cur))
        extra = amounts.optional_total_minor
        self.offer_total = f"Total {total}" + (
            f"  (+ optional {format_money(Money(extra, cur))})" if extra else ""
        )

    def find_products(self, text: str) -> None:
        self.call(self.field.prices.search, text, then=self._products)

    def _products(self, found: list) -> None:
        self.product_rows = [rows.product(p) for p in found] or [rows.note("No product found")]

    def add_product(self, key: str, optional: bool = False) -> None:
        if self.draft is None or not key:
            return
        self.call(
            self.field.drafts.add_line,
            self.draft,
            uuid.UUID(key),
            quantity="1",
            optional=optional,
            then=self._draft,
        )

    def toggle_optional(self, line_id: str) -> None:
        line = self.draft.line(line_id)
        self.call(
            self.field.drafts.set_optional, self.draft, line_id, not line.optional, then=self._draft
        )

    def save_offer(self) -> None:
        self.call(self.field.offers.save, self.draft, then=self._saved)

    def _saved(self, view: Any) -> None:
        self.last_offer_id = str(view.offer.offer_id)
        total = format_money(Money(view.offer.total_minor, view.offer.currency))
        self.info = f"Offer {view.number} saved ({total})"

    def offer_pdf(self) -> None:
        if self.last_offer_id:
            self.call(
                self.field.documents.pdf, "offer", uuid.UUID(self.last_offer_id),
                then=lambda path: setattr(self, "info", f"PDF ready to send: {path.name}"),
            )  # fmt: skip
