"""``kassa terminal`` (open the touch terminal) and ``kassa verify`` (check the records)."""

from __future__ import annotations

import typer

TERMINAL_HELP = "Open the cashier's touch terminal on this device's data."
VERIFY_HELP = (
    "Check this device's journal hash chain, numbering and outbox; record tampering found."
)


def terminal(
    size: str = typer.Option("", help="Window size, e.g. 1024x600 (default: Kivy's)."),
    fullscreen: bool = typer.Option(False, help="Fill the screen."),
    login_note: str = typer.Option("", help="A line for the sign-in screen (e.g. demo PINs)."),
) -> None:
    from kassa import config as kassa_config
    from kassa.config import ConfigError
    from kassa.devices.settings import DeviceSettingsError, device_settings
    from kassa.sync.replica.identity import NotEnrolled
    from kassa.terminal.bootstrap import build_pos

    window = None
    if size:
        try:
            width, height = (int(part) for part in size.lower().split("x"))
            window = (width, height)
        except ValueError:
            raise typer.BadParameter(f"{size!r}: write it as WIDTHxHEIGHT, e.g. 1024x600") from None
    from kassa.terminal.ui.app import quiet_logs

    quiet_logs()  # before build_pos starts the printer, sync and audit threads
    try:
        config = kassa_config.load()
        pos = build_pos(config)
        scanner_settings = device_settings(config).scanner
    except (ConfigError, DeviceSettingsError, NotEnrolled, ValueError) as exc:
        typer.echo(f"kassa terminal: {exc}", err=True)
        raise typer.Exit(1) from None
    serial_scanner = None
    if scanner_settings.connection == "serial":
        from kassa.devices.scanner.serial_scanner import SerialScanner

        serial_scanner = SerialScanner(
            device=scanner_settings.device,
            baudrate=scanner_settings.baudrate,
            suffix=scanner_settings.suffix,
        )
    from kassa.devices.scanner.wedge import WedgeDetector
    from kassa.terminal.ui.app import run

    detector = WedgeDetector(
        threshold_ms=scanner_settings.wedge_threshold_ms,
        min_length=scanner_settings.wedge_min_length,
    )
    try:
        run(
            pos,
            serial_scanner=serial_scanner,
            detector=detector,
            size=window,
            fullscreen=fullscreen,
            login_note=login_note,
        )
    finally:
        pos.close()


def verify() -> None:
    from kassa.config import data_dir
    from kassa.sync.client.credentials import database_path
    from kassa.sync.replica.migrate import open_replica
    from kassa.terminal.bootstrap import SystemClock
    from kassa.terminal.services.adapters.audit import audit
    from kassa.terminal.services.adapters.integrity import report_tampering
    from kassa.terminal.services.adapters.replica_facts import ReplicaFactLog

    path = database_path(data_dir())
    if not path.exists():
        typer.echo(f"kassa verify: no device database at {path}; set KASSA_DATA_DIR", err=True)
        raise typer.Exit(1)
    replica = open_replica(path)
    try:
        report = audit(replica)
        counts = ", ".join(f"{n} {name}" for name, n in sorted(report.series.items()))
        typer.echo(f"{report.facts} facts; {counts or 'no numbers'}")
        if report.ok:
            typer.echo("journal verifies; numbering has no gap")
            return
        for problem in report.problems:
            typer.echo(f"PROBLEM: {problem}", err=True)
        event = report_tampering(
            ReplicaFactLog(replica, clock=SystemClock().now), report, found_by="kassa verify"
        )
        if event is not None:
            typer.echo(
                f"recorded as security event (fact {event.seq}); head office receives it "
                "with the next sync",
                err=True,
            )
    finally:
        replica.dispose()
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("terminal", help=TERMINAL_HELP)(terminal)
    app.command("verify", help=VERIFY_HELP)(verify)
