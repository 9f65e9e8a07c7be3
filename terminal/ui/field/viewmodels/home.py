"""Today: the rep's activities of the day, the target's progress and the open pipeline."""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, NumericProperty, StringProperty

from kassa.core.money_format import format_money
from kassa.terminal.ui.field import rows
from kassa.terminal.ui.viewmodels.base import ViewModel


class HomeViewModel(ViewModel):
    title = StringProperty("")
    target_text = StringProperty("")
    target_percent = NumericProperty(0)
    pipeline_text = StringProperty("")
    today_rows = ListProperty([])

    def __init__(self, *, field: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = field

    def refresh(self) -> None:
        self.call(self._load, then=self._show)

    def _load(self) -> dict:
        rep = self.field.ctx.rep()
        today = self.field.ctx.today()
        return {
            "rep": rep.name,
            "today": today,
            "targets": self.field.targets.mine(on=today),
            "activities": self.field.agenda.day(today).activities,
            "deals": self.field.pipeline.list(),
        }

    def _show(self, got: dict) -> None:
        self.title = f"{got['rep']} · {got['today']:%A %d %B %Y}"
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
        self.pipeline_text = pipeline_summary(got["deals"])
        zone = self.field.ctx.zone
        self.today_rows = [rows.activity(a, zone) for a in got["activities"]] or [
            rows.note("Nothing planned today")
        ]


def pipeline_summary(deals: list[dict]) -> str:
    """Open deals (stage neither won nor lost): how many, expected and weighted, per currency."""
    open_deals = [d for d in deals if not (d["stage"].get("is_won") or d["stage"].get("is_lost"))]
    if not open_deals:
        return "No open deals"
    sums: dict[str, list[int]] = {}
    for d in open_deals:
        entry = sums.setdefault(d["currency"], [0, 0])
        entry[0] += int(d["amount_minor"])
        entry[1] += int(d["weighted_minor"])
    figures = "; ".join(
        f"{rows.money(expected, cur)} expected · {rows.money(weighted, cur)} weighted"
        for cur, (expected, weighted) in sorted(sums.items())
    )
    count = f"{len(open_deals)} open deal" + ("" if len(open_deals) == 1 else "s")
    return f"Pipeline: {count} · {figures}"
