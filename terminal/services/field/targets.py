"""Sales targets per rep and period (from head office), with progress from the rep's
own orders on this tablet, offline: the orders' totals (net, in the target's
currency) whose order date falls in the period; cancelled orders do not count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from kassa.core.money import Money
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.field.context import FieldContext
from kassa.terminal.services.field.orders import OrderBook
from kassa.terminal.services.field.tables import TARGETS


@dataclass(frozen=True)
class TargetProgress:
    period_start: date
    period_end: date
    target: Money
    achieved: Money  # net order value in the period
    orders: int

    @property
    def percent(self) -> int:
        if self.target.minor == 0:
            return 100
        return int(self.achieved.minor * 100 // self.target.minor)

    @property
    def remaining(self) -> Money:
        return Money(max(0, self.target.minor - self.achieved.minor), self.target.currency)


class Targets:
    def __init__(self, ctx: FieldContext, orders: OrderBook) -> None:
        self.ctx, self.orders = ctx, orders

    def mine(self, *, on: date | None = None) -> list[TargetProgress]:
        """The signed-in rep's targets (current ones first when ``on`` is given)."""
        rep = self.ctx.rep()
        with reading(self.ctx.replica) as connection:
            rows = connection.execute(
                select(TARGETS)
                .where(TARGETS.c.user_id == rep.user_id, TARGETS.c.deleted.is_(False))
                .order_by(TARGETS.c.period_start.desc())
            ).all()
        orders = [
            o
            for o in self.orders.list()
            if o.status != "cancelled" and o.order.rep.user_id == rep.user_id
        ]
        found = []
        for row in rows:
            if on is not None and not (row.period_start <= on <= row.period_end):
                continue
            counted = [
                o
                for o in orders
                if o.order.currency == row.currency
                and row.period_start <= self._day(o.recorded_at) <= row.period_end
            ]
            found.append(
                TargetProgress(
                    period_start=row.period_start,
                    period_end=row.period_end,
                    target=Money(row.amount_minor, row.currency),
                    achieved=Money(sum(o.order.net_minor for o in counted), row.currency),
                    orders=len(counted),
                )
            )
        return found

    def _day(self, moment) -> date:
        return (moment.astimezone(self.ctx.zone) if self.ctx.zone else moment).date()
