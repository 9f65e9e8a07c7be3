"""The one console command, ``kassa``: every sub-command is registered here.

Sub-command groups live beside the code they drive and are imported lazily
where they pull in heavy libraries (Kivy, FastAPI), so ``kassa --help`` is
quick.
"""

from __future__ import annotations

import typer

from kassa import __version__

app = typer.Typer(
    help="Kassa: offline-first point of sale and field sales.",
    no_args_is_help=True,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kassa {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Kassa: offline-first point of sale and field sales."""


# Modules that add commands: each has ``register(app)``. Kept importable
# without heavy libraries; the commands import those when they run.
COMMAND_MODULES = (
    "kassa.demo",  # kassa demo
    "kassa.sync.cli",  # kassa enroll, kassa sync
    "kassa.server.cli",  # kassa server ...
    "kassa.devices.cli",  # kassa devices ...
    "kassa.terminal.cli",  # kassa terminal, kassa verify
)


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that part is not built yet
                continue
            raise
        module.register(app)


_register()

if __name__ == "__main__":  # pragma: no cover
    app()
