"""Deal stage moves: recorded with the tablet's time, and the deal follows.

The move is kept (``StageMove``) so stage durations and win rates can be
reported; the deal's ``stage_id`` changes through the shared-edit merge, like
any edit from that tablet. The stage's won/lost flag must be what the tablet
saw; a lost move carries a reason and a won move names its sales order.
"""

from __future__ import annotations

from datetime import datetime

from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.field.context import parsed
from kassa.server.merge import merge_edit, terminal_source
from kassa.server.tables import StageMove
from kassa.sync.field_facts import DealStageMoveFact
from kassa.sync.models import Deal, PipelineStage, SalesOrder, Terminal
from kassa.sync.protocol import PushFact, SharedEdit


def stage_outcome(stage: PipelineStage) -> str:
    return "won" if stage.is_won else "lost" if stage.is_lost else "open"


def apply_stage_move(
    changes: ChangeWriter, *, terminal: Terminal, fact: PushFact, now: datetime
) -> None:
    move: DealStageMoveFact = parsed(fact)
    session = changes.session
    deal = session.get(Deal, move.deal_id)
    if deal is None or deal.deleted:
        raise ServiceError("unknown_deal", f"deal {move.deal_id} is not known at head office")
    stage = session.get(PipelineStage, move.to_stage_id)
    if stage is None or stage.deleted:
        raise ServiceError("unknown_stage", f"stage {move.to_stage_id} does not exist")
    if stage_outcome(stage) != move.outcome:
        raise ServiceError(
            "stage_outcome_mismatch",
            f"stage {stage.code} is {stage_outcome(stage)} at head office, "
            f"the tablet moved the deal as {move.outcome}",
        )
    if move.order_id is not None:
        order = session.get(SalesOrder, move.order_id)
        if order is not None and order.deal_id not in (None, deal.id):
            raise ServiceError(
                "order_of_another_deal", f"sales order {order.number} belongs to another deal"
            )
    session.add(
        StageMove(
            id=fact.id,
            deal_id=deal.id,
            from_stage_id=move.from_stage_id,
            to_stage_id=stage.id,
            outcome=move.outcome,
            moved_at=move.moved_at,
            received_at=now,
            rep_user_id=move.rep.user_id,
            terminal_id=terminal.id,
            store_id=terminal.store_id,
            lost_reason=(move.lost_reason or "").strip() or None,
            order_id=move.order_id,
        )
    )
    if deal.stage_id != stage.id:
        edit = SharedEdit(
            row_id=deal.id, base_version=move.base_version, changes={"stage_id": str(stage.id)}
        )
        merge_edit(
            changes,
            table="deals",
            edit=edit,
            source=terminal_source(terminal.id),
            fact_id=fact.id,
        )
