"""Field-sales master data: deal pipeline stages and sales targets."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from kassa.sync.models.row import ReplicatedRow


class PipelineStageBase(SQLModel):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=80)
    pipeline_id: uuid.UUID | None = Field(default=None, index=True)  # pipelines.Pipeline
    position: int = Field(default=0, ge=0, le=10_000)
    colour: str = Field(  # on screen; SQLModel ignores ``regex`` under pydantic 2: ``pattern``
        default="#9E9E9E", max_length=7, schema_extra={"pattern": r"^#[0-9A-Fa-f]{6}$"}
    )
    probability: int = Field(default=0, ge=0, le=100)  # percent
    is_won: bool = False
    is_lost: bool = False

    @model_validator(mode="after")
    def _won_or_lost(self) -> PipelineStageBase:
        if self.is_won and self.is_lost:
            raise ValueError("a stage is won or lost, not both")
        return self


class PipelineStage(ReplicatedRow, PipelineStageBase, table=True):
    __tablename__ = "pipeline_stages"
    code: str = Field(max_length=40, unique=True, index=True)


class SalesTargetBase(SQLModel):
    user_id: uuid.UUID = Field(index=True)
    period_start: date
    period_end: date
    amount_minor: int = Field(ge=0)
    currency: str = Field(min_length=3, max_length=3)
    store_id: uuid.UUID | None = Field(default=None, index=True)


class SalesTarget(ReplicatedRow, SalesTargetBase, table=True):
    __tablename__ = "sales_targets"
