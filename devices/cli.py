"""``kassa devices ...``: test the configured hardware, run simulators, make previews."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_OUT = Path("docs/receipts")
devices_app = typer.Typer(help="Receipt printers, cash drawers and scanners.", no_args_is_help=True)


@devices_app.command("test")
def test_devices(
    scan_timeout: float = typer.Option(20.0, help="Seconds to wait for a scan."),
    no_page: bool = typer.Option(False, "--no-page", help="Skip printing the test page."),
) -> None:
    """Print a test page, kick the drawer, show printer status and wait for one scan."""
    # Also reads the scale and writes to the customer display when they are configured.
    from kassa import config
    from kassa.devices.selftest import run_self_test
    from kassa.devices.settings import DeviceSettingsError, device_settings

    try:
        settings = device_settings(config.load())
    except (DeviceSettingsError, config.ConfigError) as exc:
        typer.echo(f"Device settings: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Config: {config.config_path()}")
    ok = run_self_test(
        settings,
        say=lambda text: typer.echo(text),
        scan_timeout=scan_timeout,
        print_page=not no_page,
    )
    typer.echo("All devices answered." if ok else "Some devices need attention (see above).")
    raise typer.Exit(0 if ok else 1)


@devices_app.command("simulate-printer")
def simulate_printer(
    port: int = typer.Option(9100, help="TCP port (0 picks a free one)."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    profile: str = typer.Option("TM-T20II", help="python-escpos profile for code pages."),
) -> None:
    """Run a simulated network receipt printer and show what it prints as text."""
    from kassa.devices.sim.console import serve_printer

    serve_printer(host=host, port=port, profile=profile, echo=lambda text: typer.echo(text))


@devices_app.command("simulate-scanner")
def simulate_scanner(
    suffix: str = typer.Option("CR", help="What ends each code: CR, LF or CRLF."),
) -> None:
    """Run a simulated serial scanner on a pty: each line typed here is sent as a scan."""
    from kassa.devices.sim.console import serve_scanner

    serve_scanner(suffix=suffix, echo=lambda text: typer.echo(text))


@devices_app.command("previews")
def previews(
    out: Annotated[Path, typer.Option(help="Folder for the PNG files.")] = DEFAULT_OUT,
    columns: Annotated[list[int] | None, typer.Option(help="Paper width in characters.")] = None,
) -> None:
    """Write PNG previews of every print layout with sample data."""
    columns = columns or [48, 32]
    from kassa.devices.layout.png_render import save_png
    from kassa.devices.layout.samples import all_documents

    out.mkdir(parents=True, exist_ok=True)
    for name, doc in all_documents().items():
        for cols in columns:
            path = save_png(doc, out / f"{name}_{cols}.png", columns=cols)
            typer.echo(str(path))


def register(app: typer.Typer) -> None:
    app.add_typer(devices_app, name="devices")
