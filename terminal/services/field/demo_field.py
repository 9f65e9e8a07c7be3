"""Field-sales demo rows for a seeded device (``adapters.demo_catalog.seed_demo``):
a pipeline's stages and the demo rep's sales target for the current month, as
head office would send them. For tests, the UI screenshots and ``kassa demo``."""

from __future__ import annotations

import uuid
from datetime import date

from kassa.sync.models import PipelineStage, SalesTarget
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.unit_of_work import UnitOfWork

# code, name, probability, won, lost, colour
STAGES = (
    ("LEAD", "Lead", 10, False, False, "#607d8b"),
    ("QUALIFIED", "Qualified", 30, False, False, "#1565c0"),
    ("PROPOSAL", "Proposal", 60, False, False, "#6a1b9a"),
    ("WON", "Won", 100, True, False, "#2e7d32"),
    ("LOST", "Lost", 0, False, True, "#c62828"),
)


def seed_field_demo(
    replica: Replica,
    *,
    store_id: uuid.UUID,
    rep_id: uuid.UUID,
    today: date,
    target_minor: int = 500000,
    currency: str = "EUR",
) -> dict[str, uuid.UUID]:
    """Stages (by code) and a monthly target for the rep; returns the stages' ids."""
    extra = set(PipelineStage.model_fields)
    rows, ids = [], {}
    for position, (code, name, probability, won, lost, colour) in enumerate(STAGES):
        values = dict(code=code, name=name, position=position, probability=probability)
        values.update(is_won=won, is_lost=lost)
        if "colour" in extra:
            values["colour"] = colour
        stage = PipelineStage(**values)
        ids[code] = stage.id
        rows.append(stage)
    start = today.replace(day=1)
    rows.append(
        SalesTarget(
            user_id=rep_id,
            period_start=start,
            period_end=month_end(start),
            amount_minor=target_minor,
            currency=currency,
            store_id=store_id,
        )
    )
    with UnitOfWork(replica) as uow:
        uow.session.add_all(rows)
        uow.commit()
    return ids


def month_end(start: date) -> date:
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
