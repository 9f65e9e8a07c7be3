"""Keyboard-wedge scanners, told from a person typing by keystroke timing.

A scanner "types" a code with keys about 1-10 ms apart and ends it with Enter;
people type 80 ms and more apart. Feed every key with its time; keys are held
back while they could still be a scan, and come out either as one
:class:`Scanned` code (its Enter swallowed, so it never confirms a dialog) or
as :class:`Typed` text for the focused field. Call ``flush`` from a timer so a
typed key is not held longer than the threshold.

Pure logic: the UI feeds it (``on_key_down`` with ``time.monotonic()``).
"""

from __future__ import annotations

from dataclasses import dataclass

ENTER = ("\r", "\n")


@dataclass(frozen=True)
class Scanned:
    code: str


@dataclass(frozen=True)
class Typed:
    text: str


Event = Scanned | Typed


class WedgeDetector:
    def __init__(self, *, threshold_ms: float = 30, min_length: int = 6) -> None:
        if threshold_ms <= 0 or min_length < 1:
            raise ValueError("wedge_threshold_ms must be > 0 and wedge_min_length >= 1")
        self.threshold = threshold_ms / 1000
        self.min_length = min_length
        self._keys: list[str] = []
        self._last = 0.0

    def feed(self, char: str, at: float) -> list[Event]:
        """One key (a character, or "\\r"/"\\n" for Enter) pressed at ``at`` seconds."""
        events = self.flush(at)
        if char in ENTER:
            if len(self._keys) >= self.min_length:
                code, self._keys = "".join(self._keys), []
                return [*events, Scanned(code)]
            held, self._keys = "".join(self._keys), []
            return [*events, Typed(held + char)]
        self._keys.append(char)
        self._last = at
        return events

    def flush(self, now: float) -> list[Event]:
        """Release held keys once the gap since the last one is too long for a scanner."""
        if self._keys and now - self._last > self.threshold:
            held, self._keys = "".join(self._keys), []
            return [Typed(held)]
        return []
