"""The pipeline: deals by stage; a tapped deal moves to the next stage, is won (its
order is made) or is lost with the reason typed."""

from __future__ import annotations

import uuid
from typing import Any

from kivy.properties import ListProperty, StringProperty

from kassa.terminal.ui.field import rows
from kassa.terminal.ui.viewmodels.base import ViewModel


class DealsViewModel(ViewModel):
    deal_rows = ListProperty([])
    selected = StringProperty("")
    selected_text = StringProperty("Tap a deal")

    def __init__(self, *, field: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = field

    def show(self) -> None:
        self.call(self._load, then=self._show)

    def _load(self):
        return self.field.pipeline.stages(), self.field.pipeline.list()

    def _show(self, got) -> None:
        stages, deals = got
        self.deal_rows = rows.pipeline(stages, deals, selected=self.selected)
        chosen = [d for d in deals if str(d["id"]) == self.selected]
        self.selected_text = (
            f"{chosen[0]['title']} · {chosen[0]['stage'].get('name', '?')}"
            if chosen
            else "Tap a deal"
        )

    def select(self, key: str) -> None:
        if key:
            self.selected = key
            self.show()

    def move(self, where: str, reason: str = "") -> None:
        """``where``: "next" (the next open or won stage), "won" or "lost"."""
        if not self.selected:
            self.error = "Tap a deal first"
            return
        deal_id = uuid.UUID(self.selected)

        def moving() -> Any:
            pipeline = self.field.pipeline
            deal, stages = pipeline.get(deal_id), pipeline.stages()
            if where == "lost":
                target = next(s for s in stages if s["is_lost"])
            elif where == "won":
                target = next(s for s in stages if s["is_won"])
            else:
                ids = [s["id"] for s in stages if not s["is_lost"]]
                at = ids.index(deal["stage_id"]) if deal["stage_id"] in ids else -1
                target = {"id": ids[min(at + 1, len(ids) - 1)]}
            return pipeline.move(deal_id, target["id"], lost_reason=reason)

        self.call(moving, then=lambda _d: self.show())
