"""The pipeline: deals by stage with their chance and weighted value; a tapped deal
moves to the next stage, is won (its order is made) or is lost with the reason
typed; its chance (a whole percent, in steps of 5) and labels can be edited."""

from __future__ import annotations

import uuid
from typing import Any

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kassa.core.money import Money
from kassa.terminal.services.errors import InvalidInput
from kassa.terminal.ui.field import rows
from kassa.terminal.ui.viewmodels.base import ViewModel, shows_refusals


class DealsViewModel(ViewModel):
    deal_rows = ListProperty([])
    selected = StringProperty("")
    selected_text = StringProperty("Tap a deal")
    probability = NumericProperty(0)  # the selected deal's chance, percent
    labels_text = StringProperty("")  # its labels, comma separated
    from_stage = BooleanProperty(True)  # its chance is the stage's (none set by the rep)
    fills = NumericProperty(0)  # counts fills, so the screen's inputs take the deal's values

    def __init__(self, *, field: Any, customer_id: Any = lambda: "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = field
        self.customer_id = customer_id  # () -> str, the customer picked on the customers screen
        self._filled = ""  # the deal whose chance and labels the edit row shows

    @shows_refusals
    def create(self, title: str, amount: str) -> None:
        """A new deal for the customer picked, in the first open stage."""
        if not self.customer_id():
            raise InvalidInput("Pick the deal's customer on the customers screen first")
        try:
            minor = Money.of(amount.strip() or "0", self.field.ctx.currency).minor
        except (ValueError, ArithmeticError):
            raise InvalidInput(f"{amount!r} is not an amount: type it like 4500.00") from None
        self.call(
            self.field.pipeline.create,
            customer_id=uuid.UUID(self.customer_id()),
            title=title,
            amount_minor=minor,
            then=lambda deal: self._created(deal),
        )

    def _created(self, deal: dict) -> None:
        self.selected = str(deal["id"])
        self.info = f"Deal {deal['title']} saved in {deal['stage'].get('name', '?')}"
        self.show()

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
        if chosen and self._filled != self.selected:
            self._fill(chosen[0])

    def _fill(self, deal: dict) -> None:
        self._filled = str(deal["id"])
        self.probability = int(deal["probability"])
        self.from_stage = bool(deal.get("probability_from_stage"))
        self.labels_text = ", ".join(deal.get("labels") or [])
        self.fills += 1

    def set_probability(self, value: float) -> None:
        """The slider moved (steps of 5): the chance the rep will save."""
        if int(value) != self.probability:
            self.probability = int(value)
            self.from_stage = False

    @shows_refusals
    def save(self, labels_text: str) -> None:
        """The selected deal's chance and labels (comma separated), as a shared edit."""
        if not self.selected:
            raise InvalidInput("Tap a deal first")
        labels = [part for part in labels_text.split(",") if part.strip()]
        changes: dict[str, Any] = {"labels": labels}
        if not self.from_stage:
            changes["probability"] = int(self.probability)
        deal_id = uuid.UUID(self.selected)
        self.call(self.field.pipeline.edit, deal_id, changes, then=self._saved)

    def _saved(self, deal: dict) -> None:
        self._fill(deal)
        self.info = f"Deal {deal['title']}: {rows.deal_figures(deal)}"
        self.show()

    def select(self, key: str) -> None:
        if key:
            self.selected = key
            self._filled = ""
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
