"""CSV import: check the whole file, then write it in one transaction, or nothing.

Every problem is collected with its line number and column before anything is
written; if there is one, ``ImportFailed`` lists them all and the database is
unchanged. The checks run inside the write transaction, so what was checked is
what gets written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from kassa.server.changes import ChangeWriter
from kassa.server.csvio.cells import Lookups, cell_value
from kassa.server.csvio.formats import CSV_FORMATS, CsvFormat
from kassa.server.csvio.reading import MAX_CSV_BYTES, Problem, read_rows
from kassa.server.errors import ServiceError
from kassa.server.masterdata import upsert
from kassa.server.office import hash_secret
from kassa.server.store import Database
from kassa.sync.models import utc_now

BIG_IMPORT = 1000  # rows; refresh the table's statistics after an import this size


class ImportFailed(Exception):
    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path, self.problems = path, problems
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(
            f"{path.name}: {len(problems)} problem(s); nothing was imported:\n{shown}{more}"
        )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def import_file(
    db: Database,
    *,
    kind: str,
    path: Path,
    clock: Callable[[], datetime] = utc_now,
    max_bytes: int = MAX_CSV_BYTES,
) -> ImportResult:
    fmt = CSV_FORMATS[kind]
    rows, problems = read_rows(path, fmt, max_bytes=max_bytes)
    if problems:
        raise ImportFailed(path, problems)
    with db.write() as session:
        plan, problems = _plan(session, fmt, rows)
        if problems:
            raise ImportFailed(path, problems)  # rolls back: nothing written
        changes, created = ChangeWriter(session, clock=clock), 0
        self_ref = any(c.ref.startswith(f"{fmt.kind.name}.") for c in fmt.columns)
        # rows go out in one batch at commit, unless rows of the file point at each other
        with nullcontext() if self_ref else session.no_autoflush:
            for line, values, row_id, existing in plan:
                if values.get("pin_hash"):
                    values["pin_hash"] = hash_secret(values["pin_hash"])
                try:
                    _, is_new = upsert(changes, fmt.kind, values, row_id=row_id, existing=existing)
                except ServiceError as exc:
                    raise ImportFailed(path, [Problem(line, None, exc.message)]) from exc
                created += is_new
    if len(plan) >= BIG_IMPORT:  # the planner's row counts for the table, after the commit
        db.refresh_statistics(tables=[fmt.kind.table])
    return ImportResult(created=created, updated=len(plan) - created)


def _plan(
    session: Session, fmt: CsvFormat, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[tuple[int, dict[str, Any], uuid.UUID, Any]], list[Problem]]:
    lookups = Lookups(session)
    own_key = fmt.kind.natural_key[0] if len(fmt.kind.natural_key) == 1 else None
    if own_key and any(c.ref.startswith(f"{fmt.kind.name}.") for c in fmt.columns):
        for _, row in rows:  # rows of this file may point at each other (group parents)
            code = row.get(own_key, "").strip()
            lookups.planned(fmt.kind.name, own_key, code)
    plan, problems, seen = [], [], {}
    by_key = _rows_by_key(session, fmt)
    for line, row in rows:
        values, row_problems = _convert(fmt, row, line, lookups)
        if not row_problems:
            try:
                values = fmt.kind.base.model_validate(values).model_dump()
            except ValidationError as exc:
                row_problems = _validation_problems(fmt, line, exc)
        if row_problems:
            problems += row_problems
            continue
        key = tuple(values.get(c) for c in fmt.kind.natural_key)
        if key and key in seen:
            problems.append(
                Problem(line, None, f"same {', '.join(fmt.kind.natural_key)} as line {seen[key]}")
            )
            continue
        seen[key] = line
        existing = by_key.get(tuple(values.get(c) for c in fmt.kind.natural_key))
        if existing is not None:  # an update touches only the file's columns (an empty PIN: none)
            kept = {
                c.target
                for c in fmt.columns
                if c.name in row and (c.kind != "pin" or (row.get(c.name) or "").strip())
            }
            values = {k: v for k, v in values.items() if k in kept or k in fmt.kind.natural_key}
        row_id = (
            existing.id
            if existing
            else lookups.planned(fmt.kind.name, own_key, values.get(own_key or "", ""))
        )
        plan.append((line, values, row_id, existing))
    return plan, problems


def _rows_by_key(session: Session, fmt: CsvFormat) -> dict[tuple[Any, ...], Any]:
    """Every row of the kind (tombstones too) by natural key, loaded once."""
    if not fmt.kind.natural_key:
        return {}
    rows = session.exec(select(fmt.kind.model))
    return {tuple(getattr(r, c) for c in fmt.kind.natural_key): r for r in rows}


def _convert(
    fmt: CsvFormat, row: dict[str, str], line: int, lookups: Lookups
) -> tuple[dict[str, Any], list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for col in fmt.columns:
        cell = (row.get(col.name) or "").strip()
        if not cell:
            if col.required:
                problems.append(Problem(line, col.name, "is empty but required"))
            continue
        if col.kind == "money" and problems:
            continue  # its currency may come from a cell already reported
        try:
            values[col.target] = cell_value(col, cell, row, lookups)
        except ValueError as exc:
            problems.append(Problem(line, col.name, str(exc)))
    if (
        fmt.name == "prices"
        and not (row.get("currency") or "").strip()
        and "price_list_id" in values
    ):
        values["currency"] = lookups.currency_of(values["price_list_id"])
    return values, problems


def _validation_problems(fmt: CsvFormat, line: int, exc: ValidationError) -> list[Problem]:
    by_field = {c.target: c.name for c in fmt.columns}
    problems = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else None
        problems.append(Problem(line, by_field.get(field or "", field), error["msg"]))
    return problems
