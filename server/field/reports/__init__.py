"""Head-office reports (CSV and XLSX): ``build_report(session, kind, period)``."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from kassa.server.errors import ServiceError
from kassa.server.field.reports.pipeline import pipeline_value, stage_durations, win_rate
from kassa.server.field.reports.sales import (
    sales_by_day,
    sales_by_product,
    sales_by_rep,
    sales_by_store,
    sales_by_terminal,
)
from kassa.server.field.reports.table import FORMATS, Period, Report, render
from kassa.server.field.reports.targets import target_attainment

REPORTS: dict[str, Callable[[Session, Period], Report]] = {
    "sales-by-day": sales_by_day,
    "sales-by-store": sales_by_store,
    "sales-by-terminal": sales_by_terminal,
    "sales-by-product": sales_by_product,
    "sales-by-rep": sales_by_rep,
    "stage-durations": stage_durations,
    "win-rate": win_rate,
    "pipeline-value": pipeline_value,
    "target-attainment": target_attainment,
}


def build_report(session: Session, kind: str, period: Period) -> Report:
    make = REPORTS.get(kind)
    if make is None:
        raise ServiceError(
            "unknown_report", f"unknown report {kind!r}; one of: {', '.join(REPORTS)}", status=404
        )
    return make(session, period)


__all__ = ["FORMATS", "REPORTS", "Period", "Report", "build_report", "render"]
