"""Text a person types into a record (a reason, a parked sale's label): it goes into
a fact and onto paper, so it is kept short and printable."""

from __future__ import annotations

from kassa.terminal.services.errors import InvalidInput

MAX_LENGTH = 200


def short_text(text: str, *, what: str) -> str:
    """``text`` stripped; refused when longer than ``MAX_LENGTH`` or not printable."""
    text = text.strip()
    if len(text) > MAX_LENGTH:
        raise InvalidInput(f"{what} is {len(text)} characters long: keep it under {MAX_LENGTH}")
    if not text.isprintable():
        raise InvalidInput(f"{what} has characters that cannot be printed: type it again")
    return text
