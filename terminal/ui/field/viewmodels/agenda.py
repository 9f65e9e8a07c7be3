"""The agenda: a day or a week, planned activities marked done with their outcome."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from kivy.properties import ListProperty, StringProperty

from kassa.terminal.services.errors import InvalidInput
from kassa.terminal.ui.field import rows
from kassa.terminal.ui.viewmodels.base import ViewModel, shows_refusals


class AgendaViewModel(ViewModel):
    mode = StringProperty("week")  # day | week
    title = StringProperty("")
    agenda_rows = ListProperty([])

    def __init__(self, *, field: Any, customer_id: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = field
        self.customer_id = customer_id  # () -> str, the customer picked on the customers screen
        self.day = None

    def show(self, mode: str | None = None) -> None:
        self.mode = mode or self.mode
        self.call(self._load, then=self._show)

    def step(self, steps: int) -> None:
        days = steps * (7 if self.mode == "week" else 1)
        self.day = (self.day or self.field.ctx.today()) + timedelta(days=days)
        self.show()

    def _load(self) -> list:
        day = self.day or self.field.ctx.today()
        if self.mode == "day":
            return [self.field.agenda.day(day)]
        return self.field.agenda.week(day)

    def _show(self, days: list) -> None:
        first, last = days[0].day, days[-1].day
        self.title = (
            f"{first:%A %d.%m.%Y}" if first == last else f"Week {first:%d.%m}-{last:%d.%m.%Y}"
        )
        self.agenda_rows = rows.agenda(days, self.field.ctx.zone)

    def complete(self, key: str, outcome: str, *, follow_up: bool = False) -> None:
        """Mark a planned activity done; ``follow_up`` plans a call a week later."""
        current = self.field.agenda
        follow = None
        if follow_up:
            start = datetime.combine(self.field.ctx.today() + timedelta(days=7), time(9))
            start = start.replace(tzinfo=self.field.ctx.zone or self.field.ctx.now().tzinfo)
            follow = {"kind": "call", "subject": "Follow-up call", "starts_at": start}
            follow["duration_minutes"] = 15
        self.call(
            current.complete,
            uuid.UUID(key),
            outcome=outcome or "Done",
            next_activity=follow,
            then=lambda _a: self.show(),
        )

    @shows_refusals
    def plan(self, kind: str, subject: str, at: str, minutes: str, location: str) -> None:
        """Plan an activity on the day shown (for the customer picked, if any)."""
        try:
            clock = time.fromisoformat(at.strip())
        except ValueError:
            raise InvalidInput(f"{at!r} is not a time: type it like 09:30") from None
        day = self.day or self.field.ctx.today()
        start = datetime.combine(day, clock)
        start = start.replace(tzinfo=self.field.ctx.zone or self.field.ctx.now().tzinfo)
        fields: dict[str, Any] = {"kind": kind, "subject": subject, "starts_at": start}
        fields.update(duration_minutes=int(minutes or 0), location=location.strip())
        if self.customer_id():
            fields["customer_id"] = uuid.UUID(self.customer_id())
        self.call(self.field.agenda.plan, then=lambda _a: self.show(), **fields)

    def plan_call_tomorrow(self) -> None:
        start = datetime.combine(self.field.ctx.today() + timedelta(days=1), time(9))
        start = start.replace(tzinfo=self.field.ctx.zone or self.field.ctx.now().tzinfo)
        fields: dict[str, Any] = {"kind": "call", "subject": "Call", "starts_at": start}
        if self.customer_id():
            fields["customer_id"] = uuid.UUID(self.customer_id())
        self.call(self.field.agenda.plan, then=lambda _a: self.show(), **fields)
