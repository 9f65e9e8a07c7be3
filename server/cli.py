"""``kassa server ...``: run head office and work directly on its database.

Every command reads the config once (``[server] database_url``, or
``KASSA_SERVER__DATABASE_URL``; default ``server.db`` in the data dir) unless
``--database-url`` is given. Heavy libraries are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import typer

server_app = typer.Typer(
    help="Head-office server: run it, enroll devices, import and export master data.",
    no_args_is_help=True,
)

DB_OPTION = typer.Option(
    None, "--database-url", help="Database URL (sqlite:///path or postgresql://...)."
)
IMPORT_FILE = typer.Argument(..., exists=True, dir_okay=False, help="The CSV file.")
EXPORT_FILE = typer.Argument(..., dir_okay=False, help="The CSV file to write.")
STORE_OPTION = typer.Option(..., "--store", help="The store's code.")
TERMINAL_OPTION = typer.Option(..., "--terminal", help="The terminal's code, e.g. T01.")


def register(app: typer.Typer) -> None:
    from kassa.server.field.cli import add_field_commands  # invoice, report, order-status

    add_field_commands(server_app)
    app.add_typer(server_app, name="server")


def _settings(database_url: str | None, **overrides: object):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from kassa.config import ConfigError, data_dir, load
    from kassa.server.settings import ServerSettings

    try:
        settings = ServerSettings.from_config(load(), data_dir=data_dir())
    except ConfigError as exc:
        _fail(str(exc))
    if database_url:
        overrides["database_url"] = database_url
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def _database(database_url: str | None, *, migrate: bool = False):  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import ArgumentError, OperationalError

    from kassa.server.schema import is_initialised, upgrade
    from kassa.server.store import Database

    url = _settings(database_url).database_url
    try:
        db = Database(url)
        if migrate:
            upgrade(db)
        elif not is_initialised(db):
            _fail("the server database is not initialised; run `kassa server init` first")
    except (OperationalError, ArgumentError, ModuleNotFoundError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _fail(
            f"cannot open the database {_safe_url(url)}: {reason}; check [server] database_url "
            "(sqlite:///path or postgresql://user@host/db) and that the server is running"
        )
    return db


def _fail(message: str) -> None:
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@server_app.command("init")
def init(database_url: str | None = DB_OPTION) -> None:
    """Create or migrate the server database to the newest schema."""
    db = _database(database_url, migrate=True)
    typer.echo(f"server database ready: {_safe_url(db.url)}")


@server_app.command("serve")
def serve(
    host: str = typer.Option(None, "--host", help="Address to listen on (default 127.0.0.1)."),
    port: int = typer.Option(None, "--port", help="Port to listen on (default 8765)."),
    database_url: str | None = DB_OPTION,
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        help="Server processes sharing the port; on PostgreSQL one per core uses them all "
        "(SQLite writes one at a time: one process).",
    ),
) -> None:
    """Migrate the database, then serve the API (OpenAPI at /docs)."""
    import json
    import os
    from dataclasses import asdict

    import uvicorn

    from kassa.server.app import SETTINGS_ENV, create_app
    from kassa.server.store import connection_budget_problem, is_sqlite_url

    settings = _settings(database_url, host=host, port=port)
    if settings.tls_problem():
        _fail(settings.tls_problem())
    if workers > 1 and is_sqlite_url(settings.database_url):
        _fail(
            "--workers needs PostgreSQL: SQLite takes one writer at a time, which one "
            "process already queues; serve SQLite with one process"
        )
    db = _database(settings.database_url, migrate=True)
    if workers > 1:
        problem = connection_budget_problem(db, workers)
        if problem:
            db.dispose()
            _fail(problem)
    typer.echo(
        f"Kassa server on {settings.scheme}://{settings.host}:{settings.port} "
        f"(API docs at /docs), database {_safe_url(db.url)}"
        + (f", {workers} processes" if workers > 1 else ""),
        err=True,
    )
    tls = {"ssl_certfile": settings.tls_cert, "ssl_keyfile": settings.tls_key}
    if workers == 1:
        app = create_app(settings, database=db)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", **tls)
        return
    db.dispose()  # each worker process opens its own pool
    os.environ[SETTINGS_ENV] = json.dumps(asdict(settings))
    uvicorn.run(
        "kassa.server.app:app_from_environment",
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        **tls,
    )


@server_app.command("enroll-code")
def enroll_code(
    store: str = typer.Option(..., "--store", help="The store's code."),
    hours: int = typer.Option(24, "--hours", min=1, help="How long the code stays valid."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Make a one-time enrollment code for a store (printed alone on stdout)."""
    from datetime import timedelta

    from kassa.server.enrollment import make_enroll_code, store_by_code
    from kassa.server.errors import ServiceError
    from kassa.sync.models import utc_now

    db = _database(database_url)
    try:
        with db.write() as session:
            code, row = make_enroll_code(
                session,
                store=store_by_code(session, store),
                now=utc_now(),
                ttl=timedelta(hours=hours),
            )
    except ServiceError as exc:
        _fail(exc.message)
    typer.echo(code)
    typer.echo(
        f"valid once, until {row.expires_at:%Y-%m-%d %H:%M} UTC, for store {store}", err=True
    )


@server_app.command("create-user")
def create_user(
    username: str = typer.Argument(..., help="The head-office user name."),
    role: str = typer.Option("viewer", "--role", help="admin (may write) or viewer (reads)."),
    password: str = typer.Option(
        ...,
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="KASSA_NEW_PASSWORD",
        help="At least 8 characters (prompted if omitted).",
    ),
    database_url: str | None = DB_OPTION,
) -> None:
    """Create a head-office user who signs in to the API with a password."""
    from kassa.server import office
    from kassa.server.errors import ServiceError

    db = _database(database_url)
    try:
        with db.write() as session:
            office.create_user(session, username=username, password=password, role=role)
    except ServiceError as exc:
        _fail(exc.message)
    typer.echo(f"user {username} created ({role})")


@server_app.command("revoke-terminal")
def revoke_terminal(
    store: str = STORE_OPTION,
    terminal: str = TERMINAL_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Revoke a terminal: its token stops working at once."""
    from kassa.server import enrollment
    from kassa.server.changes import ChangeWriter
    from kassa.server.errors import ServiceError
    from kassa.sync.models import utc_now

    db = _database(database_url)
    try:
        with db.write() as session:
            found = enrollment.find_terminal(session, store_code=store, terminal_code=terminal)
            enrollment.revoke_terminal(ChangeWriter(session), terminal_id=found.id, now=utc_now())
    except ServiceError as exc:
        _fail(exc.message)
    typer.echo(f"terminal {store}/{terminal} revoked")


@server_app.command("accept-missing")
def accept_missing(
    store: str = STORE_OPTION,
    terminal: str = TERMINAL_OPTION,
    reason: str = typer.Option(..., "--reason", help="Why the facts are accepted as lost."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Accept a terminal's missing facts as lost (after review), so its later sales come in."""
    from kassa.server import enrollment, missing_facts
    from kassa.server.errors import ServiceError
    from kassa.sync.models import utc_now

    if not reason.strip():
        _fail("--reason: say why the facts are accepted as lost (it stays on the record)")
    db = _database(database_url)
    try:
        with db.write() as session:
            found = enrollment.find_terminal(session, store_code=store, terminal_code=terminal)
            event = missing_facts.open_gap(session, found.id)
            done = missing_facts.accept_missing(
                session, event, resolution=reason.strip(), now=utc_now()
            )
            message = done.resolution
    except ServiceError as exc:
        _fail(exc.message)
    typer.echo(f"terminal {store}/{terminal}: {message}")


@server_app.command("import")
def import_csv(
    kind: str = typer.Argument(..., help="What the file holds (see docs/csv/README.md)."),
    file: Path = IMPORT_FILE,
    database_url: str | None = DB_OPTION,
) -> None:
    """Import a CSV file; the whole file is checked first and nothing is written if a row is bad."""
    from kassa.server.csvio import CSV_KINDS, ImportFailed, import_file

    if kind not in CSV_KINDS:
        _fail(f"unknown kind {kind!r}; one of: {', '.join(CSV_KINDS)}")
    db = _database(database_url)
    try:
        result = import_file(db, kind=kind, path=file)
    except ImportFailed as exc:
        typer.secho(str(exc), err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None
    typer.echo(f"{file.name}: {result.created} created, {result.updated} updated ({kind})")


@server_app.command("export")
def export_csv(
    kind: str = typer.Argument(..., help="What to export (see docs/csv/README.md)."),
    file: Path = EXPORT_FILE,
    database_url: str | None = DB_OPTION,
) -> None:
    """Export master data to a CSV file in the import format."""
    from kassa.server.csvio import CSV_KINDS, export_file

    if kind not in CSV_KINDS:
        _fail(f"unknown kind {kind!r}; one of: {', '.join(CSV_KINDS)}")
    db = _database(database_url)
    count = export_file(db, kind=kind, path=file)
    typer.echo(f"{file}: {count} rows ({kind})")


@server_app.command("new-epoch")
def new_epoch(database_url: str | None = DB_OPTION) -> None:
    """After restoring a backup: make every device start its pull over."""
    from kassa.server.schema import new_epoch as renew

    renew(_database(database_url))
    typer.echo("new epoch: every device will pull its data again")


@server_app.command("purge-tombstones")
def purge_tombstones(
    days: int = typer.Option(90, "--days", min=1, help="Keep deletes younger than this."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Remove old tombstones; devices that have not synced since then start their pull over."""
    from datetime import timedelta

    from kassa.server.tombstones import purge_tombstones as purge
    from kassa.sync.models import utc_now

    removed, version = purge(
        _database(database_url), older_than=timedelta(days=days), now=utc_now()
    )
    typer.echo(f"{removed} tombstones removed (up to version {version})")


@server_app.command("snapshot")
def snapshot(
    store: str = typer.Option(..., "--store", help="The store's code, e.g. S01."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Build the store's catalog snapshot now (new terminals download it on their first sync)."""
    from pathlib import Path

    from kassa.server.enrollment import store_by_code
    from kassa.server.errors import ServiceError
    from kassa.server.snapshot import build_snapshot

    settings = _settings(database_url)
    if not settings.snapshot_dir:
        _fail("[server] snapshot_dir is empty: snapshots are turned off")
    db = _database(settings.database_url)
    try:
        with db.read() as session:
            found = store_by_code(session, store)  # a deleted store has none
    except ServiceError as exc:
        _fail(exc.message)
    built = build_snapshot(db, store_id=found.id, folder=Path(settings.snapshot_dir))
    typer.echo(
        f"snapshot of store {store}: {built.rows:,} rows, {built.size / 1e6:,.1f} MB, "
        f"version {built.version}, built in {built.build_seconds:.1f} s: {built.path}"
    )
