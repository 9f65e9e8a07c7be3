"""Head-office master-data endpoints, one set per kind (see ``kinds``).

No ``from __future__ import annotations`` here: the route functions are made in
a loop and FastAPI must see each kind's real body model in the annotations.
"""

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field, computed_field

from kassa.server.api.deps import AdminDep, ClockDep, DbDep, ViewerDep
from kassa.server.changes import ChangeWriter
from kassa.server.kinds import KINDS, SHARED_KINDS, Kind
from kassa.server.masterdata import create, delete, get_row, list_rows, update
from kassa.server.merge import HEAD_OFFICE, merge_edit
from kassa.server.office import hash_secret
from kassa.sync.models import UserBase
from kassa.sync.protocol import WireModel


def strict(base: Any) -> Any:
    """``base`` refusing fields it does not name (a typo is a 422, not silently dropped)."""
    return type(
        f"{base.__name__}In",
        (base,),
        {"model_config": {**base.model_config, "extra": "forbid"}, "__module__": base.__module__},
    )


class UserIn(UserBase):
    """A device user; ``pin`` (4-8 digits) is hashed with argon2 and never stored."""

    model_config = {**UserBase.model_config, "extra": "forbid"}  # noqa: RUF012
    pin: str | None = Field(default=None, pattern=r"^\d{4,8}$")


class UserOut(BaseModel):
    """A device user as head office sees it: whether a PIN is set, never its hash."""

    id: uuid.UUID
    version: int
    deleted: bool
    updated_at: datetime
    code: str
    name: str
    role_id: uuid.UUID
    store_id: uuid.UUID | None
    active: bool
    pin_hash: str = Field(default="", exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)


class EditIn(WireModel):
    """A head-office edit of a shared row: changed fields + the version it started from."""

    changes: dict[str, Any]
    base_version: int | None = Field(default=None, ge=0)


def _values(kind: Kind, body: Any) -> dict[str, Any]:
    values = body.model_dump()
    if kind.name == "users":
        pin = values.pop("pin", None)
        values.pop("pin_hash", None)  # set only from a PIN; a replace without one keeps it
        if pin:
            values["pin_hash"] = hash_secret(pin)
    return values


def _add_kind(router: APIRouter, kind: Kind) -> None:
    users = kind.name == "users"
    body_model = UserIn if users else strict(kind.base)
    model = UserOut if users else kind.model
    tags = [kind.name]

    def list_(
        db: DbDep,
        _user: ViewerDep,
        include_deleted: bool = False,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    ) -> list[model]:  # type: ignore[valid-type]
        with db.read() as session:
            return list_rows(
                session, kind, include_deleted=include_deleted, limit=limit, offset=offset
            )

    def get_(row_id: uuid.UUID, db: DbDep, _user: ViewerDep) -> model:  # type: ignore[valid-type]
        with db.read() as session:
            return get_row(session, kind, row_id)

    router.add_api_route(
        f"/{kind.name}",
        list_,
        methods=["GET"],
        tags=tags,
        summary=f"List {kind.name}",
        response_model=list[model],
    )
    router.add_api_route(
        f"/{kind.name}/{{row_id}}",
        get_,
        methods=["GET"],
        tags=tags,
        summary=f"One {kind.label}",
        response_model=model,
    )
    if not kind.writable:
        return

    def create_(
        body: body_model, db: DbDep, clock: ClockDep, _admin: AdminDep, response: Response
    ) -> model:  # type: ignore[valid-type]
        with db.write() as session:
            row = create(ChangeWriter(session, clock=clock), kind, _values(kind, body))
        response.status_code = 201
        return row

    def replace_(
        row_id: uuid.UUID, body: body_model, db: DbDep, clock: ClockDep, _admin: AdminDep
    ) -> model:  # type: ignore[valid-type]
        with db.write() as session:
            row = get_row(session, kind, row_id)
            return update(ChangeWriter(session, clock=clock), kind, row, _values(kind, body))

    def delete_(row_id: uuid.UUID, db: DbDep, clock: ClockDep, _admin: AdminDep) -> model:  # type: ignore[valid-type]
        with db.write() as session:
            row = get_row(session, kind, row_id)
            return delete(ChangeWriter(session, clock=clock), kind, row)

    router.add_api_route(
        f"/{kind.name}",
        create_,
        methods=["POST"],
        tags=tags,
        summary=f"Create a {kind.label}",
        response_model=model,
        status_code=201,
    )
    router.add_api_route(
        f"/{kind.name}/{{row_id}}",
        replace_,
        methods=["PUT"],
        tags=tags,
        summary=f"Replace a {kind.label}",
        response_model=model,
    )
    router.add_api_route(
        f"/{kind.name}/{{row_id}}",
        delete_,
        methods=["DELETE"],
        tags=tags,
        summary=f"Delete a {kind.label} (a tombstone devices pull)",
        response_model=model,
    )
    if kind.name in SHARED_KINDS:

        def edit_(
            row_id: uuid.UUID, body: EditIn, db: DbDep, clock: ClockDep, _admin: AdminDep
        ) -> model:  # type: ignore[valid-type]
            from kassa.sync.protocol import SharedEdit

            with db.write() as session:
                row = get_row(session, kind, row_id)
                base = row.version if body.base_version is None else body.base_version
                edit = SharedEdit(row_id=row_id, base_version=base, changes=body.changes)
                return merge_edit(
                    ChangeWriter(session, clock=clock),
                    table=kind.table,
                    edit=edit,
                    source=HEAD_OFFICE,
                )

        router.add_api_route(
            f"/{kind.name}/{{row_id}}",
            edit_,
            methods=["PATCH"],
            tags=tags,
            summary=f"Edit some fields of a {kind.label} (merged field by field)",
            response_model=model,
        )


def build_router() -> APIRouter:
    router = APIRouter()
    for kind in KINDS.values():
        _add_kind(router, kind)
    return router
