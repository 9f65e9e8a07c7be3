"""The composition root of the head-office server: ``create_app(settings)``.

Reads nothing itself: the settings (and, for tests, a clock) are passed in; it
builds the database, the fact appliers and the routes. OpenAPI at ``/docs``.
``app_from_environment`` is the app of each process of ``kassa server serve --workers
N``: the command passes its settings down in ``SETTINGS_ENV``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import FastAPI

from kassa import __version__
from kassa.server.api import errors
from kassa.server.api.body_limit import BodyLimit
from kassa.server.api.master_routes import build_router
from kassa.server.api.office_routes import router as office_router
from kassa.server.api.security_routes import router as security_router
from kassa.server.api.snapshot_routes import router as snapshot_router
from kassa.server.api.sync_routes import router as sync_router
from kassa.server.changes import ChangeWriter
from kassa.server.errors import ServiceError
from kassa.server.field import FIELD_APPLIERS
from kassa.server.field.routes import router as field_router
from kassa.server.merge import merge_edit, terminal_source
from kassa.server.settings import ServerSettings
from kassa.server.store import Database
from kassa.sync.models import Terminal, utc_now
from kassa.sync.protocol import API_PREFIX, PushFact, SharedEdit


def _shared_edit(table: str) -> Callable[..., None]:
    def apply(changes: ChangeWriter, *, terminal: Terminal, fact: PushFact, now: datetime) -> None:
        try:
            edit = SharedEdit.model_validate(fact.payload)
        except ValueError as exc:
            raise ServiceError("invalid_edit", f"not a {table} edit: {exc}") from exc
        merge_edit(
            changes, table=table, edit=edit, source=terminal_source(terminal.id), fact_id=fact.id
        )

    return apply


FACT_APPLIERS: dict[str, Callable[..., None]] = {
    "customer_edit": _shared_edit("customers"),
    "deal_edit": _shared_edit("deals"),
    **FIELD_APPLIERS,  # offers, orders, invoice orders, activities, stage moves
}


def create_app(
    settings: ServerSettings,
    *,
    clock: Callable[[], datetime] = utc_now,
    database: Database | None = None,
    appliers: dict[str, Any] | None = None,
) -> FastAPI:
    app = FastAPI(
        title="Kassa head office",
        version=__version__,
        description="Sync (enroll, pull, push) and master data for Kassa devices.",
    )
    app.state.settings = settings
    app.state.db = database or Database(settings.database_url)
    app.state.clock = clock
    app.state.appliers = FACT_APPLIERS if appliers is None else appliers
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.include_router(sync_router, prefix=API_PREFIX)
    app.include_router(snapshot_router, prefix=API_PREFIX)
    app.include_router(office_router, prefix=API_PREFIX)
    app.include_router(security_router, prefix=API_PREFIX)
    app.include_router(build_router(), prefix=API_PREFIX)
    app.include_router(field_router, prefix=API_PREFIX)
    return app


SETTINGS_ENV = "KASSA_SERVE_SETTINGS"  # the settings of `kassa server serve --workers N`, as JSON


def app_from_environment() -> FastAPI:
    """One worker process's app (uvicorn's factory), with the serving command's settings."""
    return create_app(ServerSettings(**json.loads(os.environ[SETTINGS_ENV])))
