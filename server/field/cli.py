"""``kassa server invoice|report|order-status``: field sales from the command line.

Added to the ``kassa server`` sub-app by ``server/cli.py``; like the other server
commands they work directly on the server database.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer


def add_field_commands(server_app: typer.Typer) -> None:
    server_app.command("invoice")(invoice)
    server_app.command("report")(report)
    server_app.command("order-status")(order_status)


def _db(database_url: str | None):  # type: ignore[no-untyped-def]
    from kassa.server.cli import _database

    return _database(database_url)


def _fail(message: str) -> None:
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


DB_OPTION = typer.Option(
    None, "--database-url", help="Database URL (sqlite:///path or postgresql://...)."
)

FROM_OPTION = typer.Option(..., "--from", formats=["%Y-%m-%d"], help="First day (YYYY-MM-DD).")
TO_OPTION = typer.Option(..., "--to", formats=["%Y-%m-%d"], help="Last day, included.")
OUTPUT_OPTION = typer.Option(..., "--output", dir_okay=False, help="The file to write.")


def invoice(
    series: str = typer.Option(
        None, "--series", help="Legal series for all of them (default <store code>-<year>)."
    ),
    database_url: str | None = DB_OPTION,
) -> None:
    """Issue invoices for every pending invoice order (gapless numbers per series)."""
    from kassa.core.money import Money
    from kassa.server.errors import ServiceError
    from kassa.server.field.invoicing import issue_pending

    try:
        issued = issue_pending(_db(database_url), series=series)
    except ServiceError as exc:
        _fail(exc.message)
    for inv in issued:
        typer.echo(f"{inv.series}/{inv.number}\t{Money(inv.total_minor, inv.currency)}")
    typer.echo(f"{len(issued)} invoice(s) issued", err=True)


def report(
    kind: str = typer.Argument(..., help="sales-by-day|-store|-terminal|-product|-rep, ..."),
    from_: datetime = FROM_OPTION,
    to: datetime = TO_OPTION,
    fmt: str = typer.Option("csv", "--format", help="csv or xlsx."),
    output: Path = OUTPUT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Write a report (sales, stage durations, win rate, target attainment) as CSV or XLSX."""
    from kassa.server.errors import ServiceError
    from kassa.server.field.reports import FORMATS, REPORTS, Period, build_report, render

    if kind not in REPORTS:
        _fail(f"unknown report {kind!r}; one of: {', '.join(REPORTS)}")
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    db = _db(database_url)
    try:
        period = Period(from_.date(), to.date())
        with db.read() as session:
            built = build_report(session, kind, period)
    except ServiceError as exc:
        _fail(exc.message)
    data = render(built, fmt)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    partial.write_bytes(data)
    partial.replace(output)  # never a half-written report under the real name
    typer.echo(f"{output}: {len(built.rows)} rows ({kind}, {period.start} to {period.end})")


def order_status(
    number: str = typer.Argument(..., help="The order's number (or its id)."),
    status: str = typer.Option(..., "--status", help="confirmed, delivered or cancelled."),
    note: str = typer.Option("", "--note", help="Why (shown to the rep)."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Confirm, deliver or cancel a sales order; the rep's tablet pulls the new status."""
    import contextlib
    import uuid

    from sqlmodel import or_, select

    from kassa.server.changes import ChangeWriter
    from kassa.server.errors import ServiceError
    from kassa.server.field.orders import set_order_status
    from kassa.sync.models import SalesOrder, utc_now

    if status not in ("confirmed", "delivered", "cancelled"):
        _fail(f"unknown status {status!r}; one of: confirmed, delivered, cancelled")
    db = _db(database_url)
    try:
        with db.write() as session:
            match = SalesOrder.number == number
            with contextlib.suppress(ValueError):
                match = or_(match, SalesOrder.id == uuid.UUID(number))
            found = session.exec(select(SalesOrder).where(match)).first()
            if found is None:
                raise ServiceError("not_found", f"no sales order {number!r}")
            set_order_status(
                ChangeWriter(session), order_id=found.id, status=status, note=note, now=utc_now()
            )
    except ServiceError as exc:
        _fail(exc.message)
    typer.echo(f"sales order {number} is {status}")
