"""The progress bar of ``kassa sync``: facts sent, the first sync's catalog snapshot
(bytes downloaded), then catalog rows pulled (rich)."""

from __future__ import annotations

from typing import Any


class SyncProgressBar:
    """Two bars fed by the engine's callbacks; draws nothing when disabled or not a TTY."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> SyncProgressBar:
        if not self.enabled:
            return self
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
        )
        self._bar.__enter__()
        return self

    def sent(self, done: int, total: int) -> None:
        self._advance("Sending facts", done, total)

    def downloaded(self, done: int, total: int) -> None:
        self._advance(f"Downloading catalog ({total / 1e6:,.1f} MB)", done, total)

    def pulled(self, done: int, total: int) -> None:
        self._advance("Pulling catalog", done, total)

    def _advance(self, label: str, done: int, total: int) -> None:
        if self._bar is None:
            return
        if label not in self._tasks:
            self._tasks[label] = self._bar.add_task(label, total=None)
        self._bar.update(self._tasks[label], completed=done, total=max(total, done) or None)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
