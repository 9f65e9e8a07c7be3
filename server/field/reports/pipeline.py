"""Stage durations and win rates from recorded deal stage moves.

A deal's moves are taken in the order of the tablet's ``moved_at`` (then the
server's receive time). A stay in a stage runs from the move into it to the
next move out of it; a deal a tablet created (a ``deal_edit`` fact with
``create``) entered its first stage at that fact's device time. A stay counts
in the period its end falls in (its UTC day). A deal is closed by its last move
into a won or lost stage in the period; the win rate is won / (won + lost), per
rep and for everyone.

The pipeline value is a forecast of the deals open now (not archived, in a stage
neither won nor lost) whose expected close day falls in the period, plus those
with no expected close day (counted in every period, in ``undated``): per stage
and currency, the expected revenue and the weighted revenue (expected revenue x
the deal's probability, or its stage's when the rep set none, half up per deal).
"""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlmodel import Session, select

from kassa.server.field.reports.table import Period, Report, major
from kassa.server.tables import Fact, StageMove
from kassa.sync.models import Deal, Pipeline, PipelineStage, User
from kassa.sync.models.customers import weighted_minor

HOURS = Decimal("0.01")


def _moves_by_deal(session: Session) -> dict[Any, list[StageMove]]:
    by_deal: dict[Any, list[StageMove]] = defaultdict(list)
    query = select(StageMove).order_by(StageMove.deal_id, StageMove.moved_at, StageMove.received_at)
    for move in session.exec(query):
        by_deal[move.deal_id].append(move)
    return by_deal


def _created(session: Session) -> dict[Any, tuple[Any, Any]]:
    """Deal id -> (first stage, device time) for deals created on a tablet."""
    found: dict[Any, tuple[Any, Any]] = {}
    query = select(Fact).where(Fact.type == "deal_edit", Fact.status == "stored")
    for fact in session.exec(query):
        payload = fact.payload
        stage = (payload.get("changes") or {}).get("stage_id")
        if payload.get("create") and stage:
            try:
                found[uuid.UUID(str(payload["row_id"]))] = (uuid.UUID(str(stage)), fact.device_time)
            except (KeyError, ValueError):
                continue
    return found


def stage_durations(session: Session, period: Period) -> Report:
    stages = {s.id: s for s in session.exec(select(PipelineStage))}
    pipelines = {p.id: p for p in session.exec(select(Pipeline))}
    seconds: dict[Any, list[int]] = defaultdict(list)
    created = _created(session)
    for deal_id, moves in _moves_by_deal(session).items():
        entries: list[tuple[Any, Any]] = [(m.to_stage_id, m.moved_at) for m in moves]
        first = created.get(deal_id)
        if first is not None and first[1] <= moves[0].moved_at:
            entries.insert(0, first)
        for (stage_id, entered), (_, left) in itertools.pairwise(entries):
            if left.date() in period:
                seconds[stage_id].append(int((left - entered).total_seconds()))
    columns = [
        "pipeline",
        "position",
        "stage",
        "stage_name",
        "stays",
        "total_hours",
        "average_hours",
    ]
    report = Report("stage-durations", period, columns)
    for stage_id, stays in seconds.items():
        stage = stages.get(stage_id)
        pipeline = pipelines.get(stage.pipeline_id) if stage else None
        total = Decimal(sum(stays)) / 3600
        report.rows.append(
            [
                pipeline.code if pipeline else "",
                stage.position if stage else 0,
                stage.code if stage else str(stage_id),
                stage.name if stage else "",
                len(stays),
                total.quantize(HOURS, ROUND_HALF_UP),
                (total / len(stays)).quantize(HOURS, ROUND_HALF_UP),
            ]
        )
    report.rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return report


def win_rate(session: Session, period: Period) -> Report:
    users = {u.id: u for u in session.exec(select(User))}
    closed: dict[Any, StageMove] = {}
    for deal_id, moves in _moves_by_deal(session).items():
        for move in moves:
            if move.outcome in ("won", "lost") and move.moved_at.date() in period:
                closed[deal_id] = move  # the last closing move in the period
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for move in closed.values():
        user = users.get(move.rep_user_id)
        for key in (user.code if user else str(move.rep_user_id), "*"):
            counts[key][0 if move.outcome == "won" else 1] += 1
    report = Report("win-rate", period, ["rep", "won", "lost", "closed", "win_rate_percent"])
    for key in sorted(counts, key=lambda k: (k == "*", k)):
        won, lost = counts[key]
        rate = (Decimal(won * 100) / (won + lost)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        report.rows.append(["(all)" if key == "*" else key, won, lost, won + lost, rate])
    return report


def pipeline_value(session: Session, period: Period) -> Report:
    stages = {s.id: s for s in session.exec(select(PipelineStage))}
    pipelines = {p.id: p for p in session.exec(select(Pipeline))}
    # (stage id, currency) -> [deals, undated, expected minor, weighted minor]
    sums: dict[tuple[Any, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    deals = session.exec(select(Deal).where(Deal.deleted.is_(False), Deal.archived.is_(False)))
    for deal in deals:
        stage = stages.get(deal.stage_id)
        if stage is None or stage.is_won or stage.is_lost:
            continue
        if deal.expected_close is not None and deal.expected_close not in period:
            continue
        chance = stage.probability if deal.probability is None else deal.probability
        entry = sums[(stage.id, deal.currency)]
        entry[0] += 1
        entry[1] += deal.expected_close is None
        entry[2] += deal.amount_minor
        entry[3] += weighted_minor(deal.amount_minor, chance)
    columns = [
        "pipeline", "position", "stage", "stage_name", "currency",
        "deals", "undated", "expected", "weighted",
    ]  # fmt: skip
    report = Report("pipeline-value", period, columns)
    for (stage_id, currency), (count, undated, expected, weighted) in sums.items():
        stage = stages[stage_id]
        pipeline = pipelines.get(stage.pipeline_id)
        report.rows.append(
            [
                pipeline.code if pipeline else "",
                stage.position,
                stage.code,
                stage.name,
                currency,
                count,
                undated,
                major(expected, currency),
                major(weighted, currency),
            ]
        )
    report.rows.sort(key=lambda r: (r[0], r[1], r[2], r[4]))
    return report
