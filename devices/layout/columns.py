"""Fitting text to a paper width in characters (32, 42 or 48 columns)."""

from __future__ import annotations

import textwrap


def wrap(text: str, width: int) -> list[str]:
    """Wrap on words; a word longer than the line is broken."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, width, break_long_words=True) or [""]
    return lines


def two_columns(left: str, right: str, width: int) -> list[str]:
    """``left`` wrapped, ``right`` right-aligned on the last line (own line if no room)."""
    right = right.strip()
    if len(right) >= width:
        return [*wrap(left, width), right[:width]]
    room = width - len(right) - 1
    lines = wrap(left, max(room, 1)) if left else [""]
    if len(lines) > len(wrap(left, width)):  # "No." alone on a line: rather move the right
        return [*wrap(left, width), right.rjust(width)]
    last = lines[-1]
    lines[-1] = last + " " * (width - len(last) - len(right)) + right
    return lines


def aligned(text: str, width: int, align: str) -> list[str]:
    """Wrapped and padded lines (for previews; printers align by command)."""
    out = []
    for line in wrap(text, width):
        if align == "center":
            line = line.center(width).rstrip()
        elif align == "right":
            line = line.rjust(width)
        out.append(line)
    return out


def row(cells: tuple[str, ...], width: int) -> str:
    """First cell left in a quarter of the line, the others right-aligned in equal shares."""
    if len(cells) == 1:
        return cells[0][:width]
    lead = width // 4
    each = (width - lead) // (len(cells) - 1)
    lead = width - each * (len(cells) - 1)
    text = cells[0][:lead].ljust(lead)
    return text + "".join(cell[-(each - 1) :].rjust(each) for cell in cells[1:])
