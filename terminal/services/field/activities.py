"""The rep's agenda: visits, calls, meetings and tasks, by day and by week, offline.

Each change (planned, rescheduled, done with its outcome, cancelled) records the
whole activity again as an ``activity`` fact with the next ``revision``; the
newest revision is the activity. Completing one can schedule the next, which
names it in ``follows_id``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from kassa.core.ids import new_id
from kassa.sync.field_facts import ACTIVITY_KINDS, ActivityFact, payload_of
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.errors import InvalidInput, NotFound
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.orders import rep_ref
from kassa.terminal.services.field.own_facts import own_facts
from kassa.terminal.services.field.tables import as_uuid


@dataclass(frozen=True)
class Day:
    day: date
    activities: list[ActivityFact]


class Agenda:
    def __init__(self, ctx: FieldContext) -> None:
        self.ctx = ctx

    def plan(
        self,
        *,
        kind: str,
        subject: str,
        starts_at: datetime,
        duration_minutes: int = 30,
        customer_id: uuid.UUID | None = None,
        deal_id: uuid.UUID | None = None,
        location: str = "",
        follows_id: uuid.UUID | None = None,
    ) -> ActivityFact:
        """A planned activity."""
        return self._record(
            activity_id=new_id(), revision=1, kind=kind, status="planned",
            subject=subject, starts_at=starts_at, duration_minutes=duration_minutes,
            customer_id=customer_id, deal_id=deal_id, location=location, follows_id=follows_id,
        )  # fmt: skip

    def log(self, *, outcome: str, **fields: Any) -> ActivityFact:
        """An activity that already happened (a visit just made), with its outcome."""
        planned = self.plan(**fields)
        return self.complete(planned.activity_id, outcome=outcome)

    def complete(
        self, activity_id: uuid.UUID, *, outcome: str, next_activity: dict | None = None
    ) -> ActivityFact:
        """Mark it done with the outcome notes; ``next_activity`` (kind, subject,
        starts_at, duration_minutes, location) schedules the follow-up."""
        current = self.get(activity_id)
        if current.status != "planned":
            raise InvalidInput(f"{current.subject!r} is already {current.status}")
        if not outcome.strip():
            raise InvalidInput("Write what came out of it, then mark it done")
        done = self._again(current, status="done", outcome=outcome.strip())
        if next_activity:
            fields = {"customer_id": current.customer_id, "deal_id": current.deal_id}
            fields.update(location=current.location, **next_activity)
            self.plan(follows_id=activity_id, **fields)
        return done

    def reschedule(
        self, activity_id: uuid.UUID, *, starts_at: datetime, duration_minutes: int | None = None
    ) -> ActivityFact:
        current = self.get(activity_id)
        minutes = current.duration_minutes if duration_minutes is None else duration_minutes
        return self._again(current, starts_at=starts_at, duration_minutes=minutes)

    def cancel(self, activity_id: uuid.UUID) -> ActivityFact:
        return self._again(self.get(activity_id), status="cancelled")

    def get(self, activity_id: uuid.UUID) -> ActivityFact:
        found = self._latest().get(as_uuid(activity_id))
        if found is None:
            raise NotFound("That activity is not on this tablet")
        return found

    def between(self, start: date, end: date) -> list[ActivityFact]:
        """Activities starting on ``start`` .. ``end`` (local days), by start time."""
        chosen = [a for a in self._latest().values() if start <= self._day(a) <= end]
        return sorted(chosen, key=lambda a: a.starts_at)

    def day(self, day: date) -> Day:
        return Day(day, self.between(day, day))

    def week(self, day: date) -> list[Day]:
        """Monday to Sunday of the week holding ``day``."""
        monday = day - timedelta(days=day.weekday())
        found = self.between(monday, monday + timedelta(days=6))
        return [
            Day(d, [a for a in found if self._day(a) == d])
            for d in (monday + timedelta(days=i) for i in range(7))
        ]

    def for_customer(self, customer_id: uuid.UUID) -> list[ActivityFact]:
        customer_id = as_uuid(customer_id)
        found = [a for a in self._latest().values() if a.customer_id == customer_id]
        return sorted(found, key=lambda a: a.starts_at, reverse=True)

    # -- internals --------------------------------------------------------------------
    def _day(self, activity: ActivityFact) -> date:
        moment = activity.starts_at
        return (moment.astimezone(self.ctx.zone) if self.ctx.zone else moment).date()

    def _latest(self) -> dict[uuid.UUID, ActivityFact]:
        with reading(self.ctx.replica) as connection:
            facts = own_facts(connection, ["activity"])
        latest: dict[uuid.UUID, ActivityFact] = {}
        for f in facts:
            activity = ActivityFact.model_validate(f.payload)
            known = latest.get(activity.activity_id)
            if known is None or activity.revision > known.revision:
                latest[activity.activity_id] = activity
        return latest

    def _again(self, current: ActivityFact, **changes: Any) -> ActivityFact:
        data = current.model_dump()
        data.pop("rep")
        data.update(changes, revision=current.revision + 1)
        return self._record(**data)

    def _record(self, **fields: Any) -> ActivityFact:
        if fields.get("kind") not in ACTIVITY_KINDS:
            raise InvalidInput(f"Pick what it is: {', '.join(ACTIVITY_KINDS)}")
        fields["subject"] = (fields.get("subject") or "").strip()
        try:
            activity = ActivityFact(rep=rep_ref(self.ctx), **fields)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise InvalidInput(f"Activity {where}: {problem['msg']}") from None
        self.ctx.record("activity", payload_of(activity))
        return activity
