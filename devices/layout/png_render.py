"""Render a print document to a PNG preview that looks like the paper.

One character cell is 12 x 24 dots, as font A on an 80 mm printer at 203 dpi,
so 48 columns make the 576-dot line of such a printer. The monospace font is
DejaVu Sans Mono from the python-barcode package (installed with
python-escpos), so the preview is the same on every machine. Bold is drawn
the way a thermal head does it: each dot twice, one dot apart.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import qrcode
from barcode import get_barcode_class
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw, ImageFont

from kassa.devices.layout import document as d
from kassa.devices.layout.text_render import paper_lines, printable

CELL_W, CELL_H, MARGIN = 12, 24, 24
BARCODES = {"CODE128": "code128", "EAN13": "ean13", "EAN8": "ean8", "UPC-A": "upca"}


def font_path() -> Path:
    bundled = resources.files("barcode") / "fonts" / "DejaVuSansMono.ttf"
    return Path(str(bundled))


class _Paper:
    def __init__(self, columns: int, code_page: str) -> None:
        self.columns, self.code_page = columns, code_page
        self.width = columns * CELL_W
        self.font = ImageFont.truetype(str(font_path()), 20)
        self.blocks: list[Image.Image] = []

    def text(
        self, line: str, *, align="left", bold=False, underline=False, invert=False, size="normal"
    ):
        sx, sy = (2, 2) if size == "large" else (1, 2) if size == "tall" else (1, 1)
        cols = self.columns // sx
        cell = Image.new("L", (max(1, len(line)) * CELL_W, CELL_H), 0 if invert else 255)
        ink = 255 if invert else 0
        draw = ImageDraw.Draw(cell)
        for i, char in enumerate(line):  # one cell per character, as the print head does
            for dx in (0, 1) if bold else (0,):
                draw.text((i * CELL_W + dx, 1), char, font=self.font, fill=ink)
        if underline:
            draw.line((0, CELL_H - 2, cell.width, CELL_H - 2), fill=ink, width=2 if bold else 1)
        cell = cell.resize((cell.width * sx, CELL_H * sy), Image.NEAREST)
        block = Image.new("L", (self.width, CELL_H * sy), 255)
        free = (cols - len(line)) * CELL_W * sx
        x = {"left": 0, "center": free // 2, "right": free}[align]
        block.paste(cell, (max(0, x), 0))
        self.blocks.append(block)

    def image(self, img: Image.Image) -> None:
        img = img.convert("L")
        if img.width > self.width:
            img = img.resize((self.width, round(img.height * self.width / img.width)))
        block = Image.new("L", (self.width, img.height + 8), 255)
        block.paste(img, ((self.width - img.width) // 2, 4))
        self.blocks.append(block)

    def cut(self) -> None:
        block = Image.new("L", (self.width, CELL_H), 255)
        draw = ImageDraw.Draw(block)
        for x in range(0, self.width, 12):
            draw.line((x, CELL_H // 2, x + 6, CELL_H // 2), fill=128)
        self.blocks.append(block)


def render_png(doc: d.PrintDocument, *, columns: int = 48, code_page: str = "CP858") -> Image.Image:
    """A grayscale image of the paper, with a margin and a torn edge at each cut.

    Characters the printer's code page lacks show as ``?``, as on paper.
    """
    paper = _Paper(columns, code_page)
    for e in doc.elements:
        _element(paper, e)
    height = sum(b.height for b in paper.blocks) + 2 * MARGIN
    page = Image.new("L", (paper.width + 2 * MARGIN, height), 255)
    y = MARGIN
    for block in paper.blocks:
        page.paste(block, (MARGIN, y))
        y += block.height
    framed = Image.new("L", (page.width + 16, page.height + 16), 200)
    framed.paste(page, (8, 8))
    return framed


def save_png(
    doc: d.PrintDocument, path: Path, *, columns: int = 48, code_page: str = "CP858"
) -> Path:
    render_png(doc, columns=columns, code_page=code_page).save(path, optimize=True)
    return path


def _element(paper: _Paper, e: d.Element) -> None:
    lines = list(paper_lines(e, paper.columns))
    if lines:
        for line in lines:
            paper.text(
                printable(line.text, paper.code_page),
                align=line.align,
                bold=line.bold,
                underline=line.underline,
                invert=line.invert,
                size=line.size,
            )
    elif isinstance(e, d.Feed):
        for _ in range(e.lines):
            paper.text("")
    elif isinstance(e, d.Barcode):
        paper.image(_barcode(e))
    elif isinstance(e, d.QrCode):
        paper.image(qrcode.make(e.data, box_size=e.size, border=1).get_image())
    elif isinstance(e, d.Logo):
        with Image.open(e.path) as img:
            rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, "white")
        logo = Image.alpha_composite(white, rgba).convert("L")
        if logo.width > paper.width // 2:
            logo = logo.resize(
                (paper.width // 2, round(logo.height * paper.width / 2 / logo.width))
            )
        paper.image(logo.point(lambda v: 0 if v < 128 else 255))
    elif isinstance(e, d.Cut):
        paper.cut()


def _barcode(e: d.Barcode) -> Image.Image:
    kind = get_barcode_class(BARCODES.get(e.symbology, "code128"))
    options = {"module_width": 0.25, "module_height": 8.0, "font_size": 8, "text_distance": 3.5}
    options |= {"font_path": str(font_path()), "dpi": 203, "quiet_zone": 2.0}
    buffer = io.BytesIO()
    kind(e.data, writer=ImageWriter()).write(buffer, options)
    buffer.seek(0)
    return Image.open(buffer).convert("L")
