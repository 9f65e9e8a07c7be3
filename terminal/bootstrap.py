"""The terminal's one composition root: real adapters from config, overridable.

    pos = build_pos()                          # reads kassa.config once
    pos = build_pos(config, data_dir=tmp, overrides={"sync": fake, "clock": clock})

It opens (and migrates) the device database in the data dir, reads the device's
identity (``kassa enroll`` saved it), builds the durable print queue over the
configured printer (``[printer]``; none configured: jobs wait in the queue), the
cash drawer (``[drawer]``), the barcode decoder (``[scanner] rcn_region``) and
the sync service (when enrolled: background push/pull, nudged after each fact),
and wires them into the services. It starts the integrity check (the full
audit of the journal, numbers and outbox, in the background; tampering found
is recorded as a ``security_event`` fact for head office; its report is
``pos.extras["integrity"].wait(timeout)``). ``pos.close()`` stops the threads and closes
the files. Any adapter can be replaced by name through ``overrides``: clock,
printer (a service-port PrintQueue), drawer, sync, decoder, users, catalog,
customers, facts, state, payment_methods.

``[terminal]`` settings: ``currency`` (default: the store's), ``cash_rounding_step``
(minor units, e.g. 5 for 0.05), ``tax_rounding`` ("per_document"/"per_line"),
``max_pin_tries``, ``lockout_seconds``, ``receipt_header`` (lines),
``busy_timeout_seconds`` (how long a write waits for another program's lock on
the device database before the cashier is told it was not saved; default 10), and
``[terminal.limits.<role>]`` ``max_discount_percent`` / ``max_override_percent``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kassa import config as kassa_config
from kassa.core.currency import currency as iso_currency
from kassa.core.tax import TaxRounding
from kassa.sync.client.credentials import database_path
from kassa.sync.models import Store
from kassa.sync.replica.identity import NotEnrolled, load_identity
from kassa.sync.replica.migrate import open_replica
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.adapters.barcodes import Gs1Decoder
from kassa.terminal.services.adapters.integrity import IntegrityCheck
from kassa.terminal.services.adapters.local_state import SqliteLocalState
from kassa.terminal.services.adapters.replica_catalog import ReplicaCatalog, ReplicaCustomers
from kassa.terminal.services.adapters.replica_facts import ReplicaFactLog
from kassa.terminal.services.adapters.replica_people import (
    ReplicaPaymentMethods,
    ReplicaUsers,
    limits_from,
)
from kassa.terminal.services.adapters.wiring import build_devices, build_sync
from kassa.terminal.services.pos import Pos, build_pos_services

log = logging.getLogger(__name__)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def build_pos(
    config: Mapping[str, Any] | None = None,
    *,
    data_dir: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Pos:
    config = kassa_config.load() if config is None else config
    data_dir = data_dir or kassa_config.data_dir()
    given = dict(overrides or {})
    settings = dict(config.get("terminal", {}))
    clock = given.pop("clock", None) or SystemClock()
    busy_ms = int(float(settings.get("busy_timeout_seconds", 10)) * 1000)
    replica = open_replica(database_path(data_dir), busy_timeout_ms=busy_ms)
    with reading(replica) as connection:
        identity = load_identity(connection)
        if identity is None:
            raise NotEnrolled()
        store = connection.execute(
            select(Store.__table__.c.currency).where(Store.__table__.c.id == identity.store_id)  # type: ignore[attr-defined]
        ).first()
    currency = settings.get("currency") or (store.currency if store else "EUR")
    try:
        currency = iso_currency(currency).code
    except ValueError as exc:
        replica.dispose()
        where = "[terminal] currency" if settings.get("currency") else "the store's currency"
        raise ValueError(f"{where}: {exc}") from None
    closers: list[Any] = []
    devices = build_devices(
        config, data_dir=data_dir, given=given, closers=closers, replica=replica, identity=identity
    )
    sync = build_sync(config, data_dir=data_dir, replica=replica, given=given, closers=closers)
    users = given.pop("users", None) or ReplicaUsers(replica)
    permissions = users.permissions() if hasattr(users, "permissions") else {}
    state = given.pop("state", None) or SqliteLocalState(data_dir / "terminal-state.sqlite3")
    facts = given.pop("facts", None) or ReplicaFactLog(replica, clock=clock.now)
    pos = build_pos_services(
        users=users,
        catalog=given.pop("catalog", None)
        or ReplicaCatalog(replica, store_id=identity.store_id, currency=currency, clock=clock.now),
        customers=given.pop("customers", None) or ReplicaCustomers(replica),
        decoder=given.pop("decoder", None)
        or Gs1Decoder(rcn_region=str(config.get("scanner", {}).get("rcn_region", "de"))),
        facts=facts,
        state=state,
        clock=clock,
        printer=devices.printer,
        drawer=devices.drawer,
        sync=sync.nudge,
        currency=currency,
        payment_methods=given.pop("payment_methods", None) or ReplicaPaymentMethods(replica),
        limits=limits_from(permissions, settings.get("limits", {})),
        cash_step=int(settings.get("cash_rounding_step", 1)),
        tax_rounding=TaxRounding(settings.get("tax_rounding", "per_document")),
        max_pin_tries=int(settings.get("max_pin_tries", 5)),
        lockout=timedelta(seconds=int(settings.get("lockout_seconds", 60))),
    )
    if given:
        raise ValueError(f"unknown overrides: {', '.join(sorted(given))}")
    pos.shift.resume()  # a shift close a crash interrupted: its Z report is printed
    integrity = IntegrityCheck(replica=replica, facts=facts).start()
    closers.append(integrity.stop)

    def close() -> None:
        for closer in reversed(closers):
            try:
                closer()
            except Exception:
                log.exception("closing the terminal")
        if hasattr(state, "close"):
            state.close()
        replica.dispose()

    pos.sync_status = sync.state
    pos.printer_status = devices.status
    pos.close = close
    pos.extras.update(
        replica=replica, identity=identity, data_dir=data_dir, devices=devices, integrity=integrity
    )
    return pos
