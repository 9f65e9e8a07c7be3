"""Activities (visits, calls, meetings, tasks): the newest revision is kept."""

from __future__ import annotations

from datetime import datetime

from kassa.server.changes import ChangeWriter
from kassa.server.field.context import parsed
from kassa.server.tables import FieldActivity
from kassa.sync.field_facts import ActivityFact
from kassa.sync.models import Terminal
from kassa.sync.protocol import PushFact


def apply_activity(
    changes: ChangeWriter, *, terminal: Terminal, fact: PushFact, now: datetime
) -> None:
    activity: ActivityFact = parsed(fact)
    session = changes.session
    row = session.get(FieldActivity, activity.activity_id)
    if row is not None and row.revision >= activity.revision:
        return  # an older revision arriving late: the newer one stays
    values = {
        "revision": activity.revision,
        "fact_id": fact.id,
        "kind": activity.kind,
        "status": activity.status,
        "rep_user_id": activity.rep.user_id,
        "customer_id": activity.customer_id,
        "deal_id": activity.deal_id,
        "subject": activity.subject,
        "starts_at": activity.starts_at,
        "duration_minutes": activity.duration_minutes,
        "location": activity.location,
        "outcome": activity.outcome,
        "follows_id": activity.follows_id,
        "terminal_id": terminal.id,
        "store_id": terminal.store_id,
        "received_at": now,
    }
    if row is None:
        row = FieldActivity(id=activity.activity_id, **values)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    session.add(row)
