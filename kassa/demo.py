"""``kassa demo``: what the README's run command starts.

Until the terminal and server exist, it shows what runs today and says so.
"""

from __future__ import annotations

import typer

HELP = "Prepare demo data, start the local head-office server and open the terminal."


def demo() -> None:
    typer.echo("Kassa demo: the terminal and server are not built yet; nothing to start.")


def register(app: typer.Typer) -> None:
    app.command("demo", help=HELP)(demo)
