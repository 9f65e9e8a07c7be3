"""Device commands: ``kassa enroll`` and ``kassa sync``.

Both work on this device's data directory (``KASSA_DATA_DIR`` or the platform
default): ``credentials.json`` (server, terminal, token) and ``device.sqlite3``.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer


def _data_dir() -> Path:
    from kassa.config import data_dir

    return data_dir()


def enroll(
    server: str = typer.Option(..., "--server", help="Head-office server URL, e.g. http://hq:8000"),
    code: str = typer.Option(..., "--code", help="The one-time enrollment code from head office."),
    name: str = typer.Option(None, "--name", help="A name for this device (default: hostname)."),
) -> None:
    """Enroll this device as a terminal of a store, with a one-time code from head office."""
    from pydantic import ValidationError

    from kassa.sync.client.credentials import CredentialsError
    from kassa.sync.client.enrollment import enroll_device
    from kassa.sync.client.transport import OutcomeUnknown, TransportError

    if not server.startswith(("http://", "https://")):
        _fail(f"--server {server!r} is not a URL; give it as http://HOST:PORT")
    try:
        credentials = enroll_device(
            data_dir=_data_dir(), server_url=server, code=code, device_name=name
        )
    except CredentialsError as exc:
        _fail(str(exc))
    except ValidationError:
        _fail(f"--code {code!r} is not an enrollment code (4 to 64 characters); check it")
    except OutcomeUnknown as exc:
        _fail(
            f"enrollment failed: {exc}; check --server and the network and try again "
            "(if it keeps failing, ask head office for a new code)"
        )
    except TransportError as exc:
        _fail(f"enrollment failed: {exc}")
    typer.echo(
        f"Enrolled as {credentials.label} of store {credentials.store_code} "
        f"at {credentials.server_url}. Run `kassa sync` to load the catalog."
    )


def sync(
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, only the result."),
) -> None:
    """Sync now: send this device's facts, then pull the catalog (with a progress bar)."""
    from kassa.sync.client.backoff import Backoff
    from kassa.sync.client.credentials import CredentialsError, database_path, load_credentials
    from kassa.sync.client.engine import SyncFailed
    from kassa.sync.client.progress_bar import SyncProgressBar
    from kassa.sync.client.service import build_engine
    from kassa.sync.replica.migrate import open_replica

    data_dir = _data_dir()
    try:
        credentials = load_credentials(data_dir)
    except CredentialsError as exc:
        _fail(str(exc))
    replica = open_replica(database_path(data_dir))
    # A person is waiting: fewer retries than the background job before saying so.
    engine = build_engine(replica=replica, credentials=credentials, backoff=Backoff(attempts=3))
    try:
        with SyncProgressBar(enabled=not quiet) as bar:
            pushed, pulled = engine.sync_once(
                on_progress=bar.pulled, on_sent=bar.sent, on_download=bar.downloaded
            )
    except SyncFailed as exc:
        _fail(f"sync failed: {exc}")
    except Exception as exc:
        if os.environ.get("KASSA_DEBUG"):
            raise
        _fail(f"sync stopped by an unexpected error ({exc!r}); set KASSA_DEBUG=1 for details")
    finally:
        engine.transport.close()
        replica.dispose()
    state = engine.status.state
    typer.echo(
        f"Sent {pushed.stored} new fact(s)"
        + (f", {pushed.duplicate} already at head office" if pushed.duplicate else "")
        + f"; received {pulled.rows} catalog change(s); {state.pending} waiting."
    )
    if pulled.snapshot:
        typer.echo("The catalog came as a prebuilt snapshot of the store, then the changes since.")
    if pushed.resent_from is not None:
        typer.echo(
            f"Head office had lost this device's facts from number {pushed.resent_from} on "
            "(a restored backup); they were sent again."
        )
    if pushed.quarantined or state.rejected:
        typer.echo(
            f"{len(state.rejected)} fact(s) were quarantined at head office; "
            "they are kept there for review.",
            err=True,
        )


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("enroll")(enroll)
    app.command("sync")(sync)
