"""The print document: what goes on paper, independent of the printer.

Layouts build one from core documents; ``escpos_render`` turns it into ESC/POS
bytes for a given printer model, ``png_render`` into a preview image. It is
plain data and round-trips through JSON, so the print queue can keep it on
disk and render it again for a reprint.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

ALIGNS = ("left", "center", "right")


@dataclass(frozen=True)
class Text:
    text: str
    align: str = "left"
    bold: bool = False
    underline: bool = False
    size: str = "normal"  # normal, tall (double height), large (double width and height)
    invert: bool = False


@dataclass(frozen=True)
class Columns:
    """A left and a right text on one line (item and amount); the left wraps."""

    left: str
    right: str
    bold: bool = False
    size: str = "normal"  # normal or large


@dataclass(frozen=True)
class Row:
    """A table row: the first cell left (a quarter of the line), the rest right-aligned
    in equal widths (tax breakdowns, report tables)."""

    cells: tuple[str, ...]
    bold: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(self.cells))


@dataclass(frozen=True)
class Separator:
    char: str = "-"


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Barcode:
    data: str
    symbology: str = "CODE128"  # CODE128, EAN13, EAN8, UPC-A


@dataclass(frozen=True)
class QrCode:
    data: str
    size: int = 6  # module size in dots


@dataclass(frozen=True)
class Logo:
    path: str  # an image file, printed centred and scaled to the paper


@dataclass(frozen=True)
class Cut:
    partial: bool = True


@dataclass(frozen=True)
class DrawerKick:
    """Open the drawer as part of the job (after the receipt is printed)."""


Element = Text | Columns | Row | Separator | Feed | Barcode | QrCode | Logo | Cut | DrawerKick
KINDS = {cls.__name__: cls for cls in (Text, Columns, Row, Separator, Feed, Barcode, QrCode, Logo)}
KINDS |= {"Cut": Cut, "DrawerKick": DrawerKick}


@dataclass
class PrintDocument:
    title: str  # for the print queue and the UI, e.g. "Receipt S1-T2-000042"
    elements: list[Element] = field(default_factory=list)

    def add(self, *elements: Element) -> PrintDocument:
        self.elements.extend(elements)
        return self

    def to_json(self) -> str:
        items = [{"kind": type(e).__name__, **asdict(e)} for e in self.elements]
        return json.dumps({"title": self.title, "elements": items}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> PrintDocument:
        data = json.loads(text)
        elements = []
        for item in data["elements"]:
            kind = KINDS[item.pop("kind")]
            elements.append(kind(**item))
        return cls(title=data["title"], elements=elements)
