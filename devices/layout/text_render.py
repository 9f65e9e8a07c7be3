"""The lines a print document makes on paper of a given width, with their style.

The ESC/POS renderer sends these lines and the PNG preview draws them, so the
preview shows what the printer prints; tests compare them with the decoded bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kassa.devices.layout import document as d
from kassa.devices.layout.columns import row, two_columns, wrap


@dataclass(frozen=True)
class PaperLine:
    text: str
    align: str = "left"
    bold: bool = False
    underline: bool = False
    invert: bool = False
    size: str = "normal"


def paper_lines(e: d.Element, columns: int) -> Iterator[PaperLine]:
    """Text lines of one element (none for barcodes, images, cuts)."""
    if isinstance(e, d.Text):
        width = columns // 2 if e.size == "large" else columns
        for line in wrap(e.text, width):
            yield PaperLine(line, e.align, e.bold, e.underline, e.invert, e.size)
    elif isinstance(e, d.Columns):
        width = columns // 2 if e.size == "large" else columns
        for line in two_columns(e.left, e.right, width):
            yield PaperLine(line, bold=e.bold, size=e.size)
    elif isinstance(e, d.Row):
        yield PaperLine(row(e.cells, columns), bold=e.bold)
    elif isinstance(e, d.Separator):
        yield PaperLine((e.char * columns)[:columns])


def printable(text: str, code_page: str) -> str:
    """``text`` as the printer shows it: characters outside the code page become ``?``."""
    from escpos.capabilities import CAPABILITIES  # a big JSON database: loaded on first use

    codec = CAPABILITIES["encodings"][code_page].get("python_encode") or code_page.lower()
    return text.encode(codec, "replace").decode(codec)


def text_lines(doc: d.PrintDocument, columns: int) -> list[str]:
    """All text lines of ``doc`` in order (feeds and codes left out)."""
    return [line.text for e in doc.elements for line in paper_lines(e, columns)]
