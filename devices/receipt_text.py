"""What a decoded ESC/POS stream holds: text lines with their style, and events.

The decoder (``decoder.py``) fills these in; tests and the printer simulator
read them to see what the customer would see on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Style:
    """Character and line attributes in force when text was printed."""

    bold: bool = False
    underline: bool = False
    double_width: bool = False
    double_height: bool = False
    invert: bool = False
    font_b: bool = False
    align: str = "left"  # left, center, right


@dataclass(frozen=True)
class Span:
    text: str
    style: Style


@dataclass(frozen=True)
class Line:
    """One printed line (ended by LF, a feed or a cut)."""

    spans: tuple[Span, ...]
    align: str = "left"

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    def has(self, **attributes: bool) -> bool:
        """True when every visible span has the given style attributes."""
        visible = [s for s in self.spans if s.text.strip()]
        return bool(visible) and all(
            getattr(s.style, name) == value for s in visible for name, value in attributes.items()
        )


@dataclass(frozen=True)
class Feed:
    lines: int


@dataclass(frozen=True)
class Cut:
    partial: bool


@dataclass(frozen=True)
class DrawerKick:
    """``ESC p`` (queued with the print data) or ``DLE DC4`` (real time)."""

    pin: int  # 2 or 5
    on_ms: int
    off_ms: int
    realtime: bool = False


@dataclass(frozen=True)
class Barcode:
    symbology: str
    data: str


@dataclass(frozen=True)
class QrCode:
    data: str


@dataclass(frozen=True)
class Image:
    width: int
    height: int


@dataclass(frozen=True)
class StatusQuery:
    """``DLE EOT n``: 1 printer, 2 offline cause, 3 error cause, 4 paper."""

    kind: int


Item = Line | Feed | Cut | DrawerKick | Barcode | QrCode | Image | StatusQuery


@dataclass
class Decoded:
    items: list[Item] = field(default_factory=list)
    code_pages: list[str] = field(default_factory=list)  # every code page selected, in order

    @property
    def lines(self) -> list[Line]:
        return [item for item in self.items if isinstance(item, Line)]

    @property
    def text_lines(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def text(self) -> str:
        return "\n".join(self.text_lines)

    def of(self, kind: type) -> list:
        return [item for item in self.items if isinstance(item, kind)]

    def pages(self) -> list[list[str]]:
        """The text lines of each piece of paper (split at every cut)."""
        pages: list[list[str]] = [[]]
        for item in self.items:
            if isinstance(item, Line):
                pages[-1].append(item.text)
            elif isinstance(item, Cut):
                pages.append([])
        return [page for page in pages if page]

    def render(self, width: int = 48) -> str:
        """Human-readable text, as the simulator prints it to its console."""
        out: list[str] = []
        for item in self.items:
            if isinstance(item, Line):
                pad = {"center": "^", "right": ">"}.get(item.align, "<")
                out.append(
                    f"{item.text:{pad}{width}}".rstrip() if item.align != "left" else item.text
                )
            elif isinstance(item, Cut):
                out.append("-" * 14 + (" partial cut " if item.partial else " cut ") + "-" * 14)
            elif isinstance(item, DrawerKick):
                how = "DLE DC4" if item.realtime else "ESC p"
                out.append(f"[drawer kick pin {item.pin}, {item.on_ms}/{item.off_ms} ms, {how}]")
            elif isinstance(item, Barcode):
                out.append(f"[barcode {item.symbology} {item.data}]")
            elif isinstance(item, QrCode):
                out.append(f"[QR {item.data}]")
            elif isinstance(item, Image):
                out.append(f"[image {item.width}x{item.height}]")
        return "\n".join(out)
