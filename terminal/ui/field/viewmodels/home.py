"""Today: the rep's activities of the day and the target's progress."""

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
        zone = self.field.ctx.zone
        self.today_rows = [rows.activity(a, zone) for a in got["activities"]] or [
            rows.note("Nothing planned today")
        ]
