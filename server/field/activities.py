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
    row = row or FieldActivity(
        id=activity.activity_id,
        revision=0,
        fact_id=fact.id,
        kind="",
        status="",
        subject="",
        rep_user_id=activity.rep.user_id,
        starts_at=activity.starts_at,
        terminal_id=terminal.id,
        store_id=terminal.store_id,
    )
    row.revision, row.fact_id = activity.revision, fact.id
    row.kind, row.status, row.subject = activity.kind, activity.status, activity.subject
    row.rep_user_id, row.customer_id, row.deal_id = (
        activity.rep.user_id,
        activity.customer_id,
        activity.deal_id,
    )
    row.starts_at, row.duration_minutes = activity.starts_at, activity.duration_minutes
    row.location, row.outcome, row.follows_id = (
        activity.location,
        activity.outcome,
        activity.follows_id,
    )
    row.terminal_id, row.store_id, row.received_at = terminal.id, terminal.store_id, now
    session.add(row)
