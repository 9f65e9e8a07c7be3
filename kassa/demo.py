"""``kassa demo``: what the README's run command starts.

1. Prepares a demo folder (``.kassa-demo`` by default): a head-office SQLite
   database with the demo store's catalog imported through ``kassa server
   import`` (kassa/demo_catalog.py), once; then, once, the field sales (a rep,
   a pipeline, trade customers and their deals: kassa/demo_field.py), and on
   every start the rep's target for the current month.
2. Starts the head-office server on 127.0.0.1 and a simulated receipt printer
   (``kassa devices simulate-printer``); receipts appear as text in this console.
3. Enrolls a terminal with a one-time code and runs its first sync.
4. Opens the touch terminal (``kassa terminal``) on it; closing the window stops
   everything. With ``--no-terminal`` (or no display) the server and the printer
   keep running until Ctrl-C.

Each step runs the same ``kassa`` commands a store would, as child processes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

HELP = "Prepare demo data, start the local head-office server and printer, open the terminal."

PINS = "cashier Anna: PIN 1234 · manager Max: PIN 9876 · sales rep Rita: PIN 5555"


def _kassa(*args: str) -> list[str]:
    return [sys.executable, "-m", "kassa", *args]


def _free_port(preferred: int) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise typer.Exit(_fail(f"{what} stopped at start (exit {process.returncode})"))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise typer.Exit(_fail(f"{what} did not start listening on port {port} in {seconds:.0f} s"))


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt


def _wait_while_running(children: list[subprocess.Popen]) -> None:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    stopped = [child for child in children if child.poll() is not None]
    _fail(f"{len(stopped)} demo process(es) stopped; shutting the rest down")


def _fail(message: str) -> int:
    typer.secho(f"kassa demo: {message}", fg="red", err=True)
    return 1


def _run(args: list[str], *, env: dict[str, str], what: str) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        typer.echo(result.stdout + result.stderr, err=True)
        raise typer.Exit(_fail(f"{what} failed (see above)"))
    return result.stdout.strip()


def _prepare_server(folder: Path, database_url: str, env: dict[str, str]) -> None:
    from kassa.demo_catalog import write_demo_csvs

    marker = folder / "server" / ".demo-imported"
    if marker.exists():
        return
    typer.echo("Preparing the demo store's catalog (first run) ...")
    _run(_kassa("server", "init", "--database-url", database_url), env=env, what="server init")
    for kind, path in write_demo_csvs(folder / "csv"):
        _run(
            _kassa("server", "import", kind, str(path), "--database-url", database_url),
            env=env,
            what=f"importing {kind}",
        )
    marker.touch()


def _prepare_field(folder: Path, database_url: str) -> None:
    """The rep, pipeline, customers and deals (once, also in an older demo folder);
    the rep's target for this month (each start)."""
    from datetime import date

    from kassa.demo_field import prepare_field, seed_target

    marker = folder / "server" / ".demo-field-imported"
    if not marker.exists():
        typer.echo("Preparing the demo's field sales (first run) ...")
        try:
            prepare_field(database_url, folder / "csv" / "field", today=date.today())
        except Exception as exc:  # an ImportFailed names the file, line and column
            raise typer.Exit(_fail(f"preparing the field sales failed: {exc}")) from exc
        marker.touch()
    seed_target(database_url, today=date.today())


def _enroll(folder: Path, server_url: str, database_url: str, env: dict, device_env: dict) -> None:
    if (folder / "terminal" / "credentials.json").exists():
        return
    code = _run(
        _kassa("server", "enroll-code", "--store", "MAIN", "--database-url", database_url),
        env=env,
        what="making an enrollment code",
    ).splitlines()[-1]
    _run(
        _kassa("enroll", "--server", server_url, "--code", code, "--name", "demo-till"),
        env=device_env,
        what="enrolling the terminal",
    )


def _device_config(folder: Path, printer_port: int, server_url: str) -> Path:
    path = folder / "terminal" / "kassa.toml"
    path.write_text(
        "# The demo terminal: a simulated network printer on 127.0.0.1; GS1 in-store\n"
        "# labels laid out as in Germany and Austria (28/29: weight); head office on\n"
        "# this run's port (another one when the usual port is taken)\n"
        f'[sync]\nserver_url = "{server_url}"\n\n'
        f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {printer_port}\n'
        'model = "tm-t20ii"\n\n[drawer]\nvia = "printer"\n\n'
        '[scanner]\nconnection = "wedge"\nrcn_region = "de"\n',
        encoding="utf-8",
    )
    return path


def demo(
    folder: Annotated[Path, typer.Option("--dir", help="Where the demo keeps its data.")] = Path(
        ".kassa-demo"
    ),
    port: Annotated[int, typer.Option(help="Server port on 127.0.0.1 (another if taken).")] = 8765,
    printer_port: Annotated[
        int, typer.Option(help="Simulated printer port (another if taken).")
    ] = 9100,
    terminal: Annotated[
        bool, typer.Option(help="Open the touch terminal (needs a display).")
    ] = True,
) -> None:
    # stopped by SIGTERM too (a service manager, `kill`): the children stop with it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = folder.resolve()
    (folder / "server").mkdir(parents=True, exist_ok=True)
    (folder / "terminal").mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{folder / 'server' / 'kassa-server.sqlite3'}"
    env = dict(os.environ, KASSA_DATA_DIR=str(folder / "server"))
    _prepare_server(folder, database_url, env)
    _prepare_field(folder, database_url)

    port, printer_port = _free_port(port), _free_port(printer_port)
    server_url = f"http://127.0.0.1:{port}"
    children: list[subprocess.Popen] = []
    try:
        server = subprocess.Popen(
            _kassa("server", "serve", "--port", str(port), "--database-url", database_url),
            env=env,
            stdout=(folder / "server" / "server.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        children.append(server)
        printer = subprocess.Popen(
            _kassa("devices", "simulate-printer", "--port", str(printer_port))
        )
        children.append(printer)
        _wait_for_port(port, server, "the server")
        _wait_for_port(printer_port, printer, "the printer simulator")

        config = _device_config(folder, printer_port, server_url)
        device_env = dict(
            os.environ, KASSA_DATA_DIR=str(folder / "terminal"), KASSA_CONFIG=str(config)
        )
        _enroll(folder, server_url, database_url, env, device_env)
        typer.echo("First sync of the terminal ...")
        _run(_kassa("sync"), env=device_env, what="the terminal's sync")

        typer.echo(
            f"\nKassa demo is running.\n  server:  {server_url}  (API docs: {server_url}/docs)\n"
            f"  printer: simulated on 127.0.0.1:{printer_port}; receipts print in this console\n"
            f"  log in:  {PINS}\n  data:    {folder}\n"
        )
        has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if terminal and has_display:
            typer.echo("Opening the touch terminal; close its window to stop the demo.")
            subprocess.run(
                _kassa("terminal", "--size", "1024x600", "--login-note", f"Demo: {PINS}"),
                env=device_env,
            )
        else:
            if terminal:
                typer.echo(
                    "No display found (DISPLAY is not set), so the terminal window cannot open.\n"
                    "On a desktop it opens by itself; here, try: xvfb-run -a make run"
                )
            typer.echo("Server and printer keep running; press Ctrl-C to stop.")
            _wait_while_running(children)
    except KeyboardInterrupt:
        pass
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        typer.echo("Kassa demo stopped.")


def register(app: typer.Typer) -> None:
    app.command("demo", help=HELP)(demo)
