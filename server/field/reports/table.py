"""A report as a table, its period, and its CSV and XLSX files.

Money columns hold ``Decimal`` major units (``12.50``) next to a currency
column, never floats; XLSX cells get them as numbers with two decimals.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kassa.core.money import Money
from kassa.server.errors import ServiceError

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ServiceError(
                "invalid_period",
                f"the period ends ({self.end}) before it starts ({self.start}); swap --from/--to",
                status=422,
            )

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def utc_window(self) -> tuple[datetime, datetime]:
        """A UTC range wide enough for every time zone (rows are then checked by local day)."""
        low, high = date.min + timedelta(days=1), date.max - timedelta(days=2)
        return (
            datetime.combine(max(self.start, low) - timedelta(days=1), time(), UTC),
            datetime.combine(min(self.end, high) + timedelta(days=2), time(), UTC),
        )


def local_day(moment: datetime, zone: str) -> date:
    try:
        tz = ZoneInfo(zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz).date()


def major(minor: int, currency: str) -> Decimal:
    return Money(minor, currency).amount


@dataclass
class Report:
    kind: str
    period: Period
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    return "" if value is None else value


def to_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(report.columns)
    for row in report.rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = report.kind[:31]
    sheet.append(report.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in report.rows:
        sheet.append([v.isoformat() if isinstance(v, date) else v for v in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=True):
            if isinstance(value, Decimal):
                cell.number_format = (
                    "0.00" if value == value.quantize(Decimal("0.01")) else "0.00##"
                )
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(report: Report, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    raise ServiceError(
        "invalid_format", f"unknown report format {fmt!r}; one of: {', '.join(FORMATS)}"
    )
