"""What a refused or unanswered request means: for the run, and for the person.

``advice`` turns a transport error into the message the status bar and
``kassa sync`` show; ``lost_from`` reads a ``sequence_gap`` refusal that means the
server lost facts it had acknowledged (restored from a backup).
"""

from __future__ import annotations

from kassa.sync.client.transport import (
    OutcomeUnknown,
    RequestRefused,
    TransportError,
    Unauthorized,
)


def lost_from(exc: RequestRefused, first_seq: int) -> int | None:
    """The seq the server expects, when it is below what the outbox still holds."""
    if exc.error.code != "sequence_gap":
        return None
    for detail in exc.error.details or ():
        expected = detail.get("expected_seq")
        if isinstance(expected, int) and 1 <= expected < first_seq:
            return expected
    return None


def advice(exc: TransportError) -> str:
    if isinstance(exc, Unauthorized):
        return f"{exc}: this device is not (or no longer) enrolled; run `kassa enroll` again"
    if isinstance(exc, OutcomeUnknown):
        return f"{exc}: the server cannot be reached; sales are kept and sent later"
    return f"{exc}"
