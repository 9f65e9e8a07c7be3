"""Target attainment: each rep's sales orders against their targets.

A target counts when its period overlaps the report's. What was achieved is the
net amount of the rep's sales orders, cancelled ones left out, in the target's
currency, whose local order day (the store's time zone) falls in the target's
own period — the same figure the tablet shows as progress.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, select

from kassa.server.field.reports.table import Period, Report, local_day, major
from kassa.sync.models import SalesOrder, SalesTarget, Store, User


def target_attainment(session: Session, period: Period) -> Report:
    users = {u.id: u for u in session.exec(select(User))}
    zones = {s.id: s.timezone for s in session.exec(select(Store))}
    columns = [
        "rep", "rep_name", "period_start", "period_end", "currency",
        "target", "achieved", "attainment_percent",
    ]  # fmt: skip
    report = Report("target-attainment", period, columns)
    targets = session.exec(
        select(SalesTarget).where(
            SalesTarget.deleted.is_(False),
            SalesTarget.period_start <= period.end,
            SalesTarget.period_end >= period.start,
        )
    )
    for target in targets:
        own = Period(target.period_start, target.period_end)
        orders = session.exec(
            select(SalesOrder).where(
                SalesOrder.rep_user_id == target.user_id,
                SalesOrder.status != "cancelled",
                SalesOrder.deleted.is_(False),
                SalesOrder.currency == target.currency,
            )
        )
        achieved = sum(
            o.net_minor
            for o in orders
            if local_day(o.ordered_at, zones.get(o.store_id, "UTC")) in own
        )
        percent = (
            (Decimal(achieved * 100) / target.amount_minor).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if target.amount_minor
            else Decimal(0)
        )
        user = users.get(target.user_id)
        report.rows.append(
            [
                user.code if user else str(target.user_id),
                user.name if user else "",
                target.period_start,
                target.period_end,
                target.currency,
                major(target.amount_minor, target.currency),
                major(achieved, target.currency),
                percent,
            ]
        )
    report.rows.sort(key=lambda r: (r[0], r[2]))
    return report
