"""Deal pipelines (master data): a named sequence of stages head office defines.

Stages (``field_sales.PipelineStage``) point at their pipeline through
``pipeline_id``; their ``position`` orders them, ``colour`` paints them and
``is_won`` / ``is_lost`` close a deal.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from kassa.sync.models.row import ReplicatedRow


class PipelineBase(SQLModel):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=80)
    position: int = Field(default=0, ge=0, le=10_000)
    active: bool = True


class Pipeline(ReplicatedRow, PipelineBase, table=True):
    __tablename__ = "pipelines"
    code: str = Field(max_length=40, unique=True, index=True)
