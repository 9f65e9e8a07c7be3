"""Render a print document to ESC/POS bytes through python-escpos.

The code page is chosen once, right after ``ESC @``: the library's automatic
choice switches pages mid-line and picks wrong ones for ``Ø``/``€``
(HARDWARE-NOTES). Characters the page lacks print as ``?``.

python-escpos and Pillow are imported on the first render, not with this
module: ``escpos.capabilities`` loads its printer profile database on import
(~0.5 s), and a terminal imports this module at start, long before its first
print (which runs on the print queue's worker thread).
"""

from __future__ import annotations

import contextlib
import io
from functools import lru_cache
from typing import TYPE_CHECKING

from kassa.devices.layout import document as d
from kassa.devices.layout.text_render import paper_lines
from kassa.devices.printer.models import PrinterModel

if TYPE_CHECKING:
    from escpos.printer import Dummy
    from PIL import Image

SIZES = {
    "normal": {},
    "tall": {"double_height": True},
    "large": {"double_width": True, "double_height": True},
}


def render_escpos(
    doc: d.PrintDocument, *, model: PrinterModel, code_page: str = "", kick: bytes = b""
) -> bytes:
    """ESC/POS bytes for ``doc`` on ``model``; ``kick`` is sent for a DrawerKick element."""
    from escpos.printer import Dummy

    printer = Dummy(profile=model.escpos_profile, magic_encode_args={"defaultsymbol": "?"})
    printer.hw("INIT")
    printer.charcode(code_page or model.code_page)
    style: list = [None]  # the text style last sent; sent again only when it changes
    for element in doc.elements:
        _element(printer, element, model, kick, style)
    return printer.output


def _element(p: Dummy, e: d.Element, model: PrinterModel, kick: bytes, style: list) -> None:
    lines = list(paper_lines(e, model.columns))
    for line in lines:
        wanted = (line.align, line.bold, line.underline, line.invert, line.size)
        if wanted != style[0]:
            p.set_with_default(
                align=line.align,
                bold=line.bold,
                underline=int(line.underline),
                invert=line.invert,
                **SIZES[line.size],
            )
            style[0] = wanted
        p.textln(line.text)
    if lines:
        return
    style[0] = None  # codes and images below change alignment
    if isinstance(e, d.Feed):
        p.set_with_default()
        p.ln(e.lines)
    elif isinstance(e, d.Barcode):
        p.set_with_default(align="center")
        data = "{B" + e.data if e.symbology == "CODE128" else e.data
        with contextlib.redirect_stdout(io.StringIO()):  # python-escpos prints a notice
            p.barcode(data, e.symbology, height=60, width=2, pos="BELOW", align_ct=True)
    elif isinstance(e, d.QrCode):
        p.set_with_default(align="center")
        native = p.profile.supports("qrCode")
        with contextlib.redirect_stdout(io.StringIO()):  # the image fallback prints too
            p.qr(e.data, size=e.size, native=native, center=not native)
    elif isinstance(e, d.Logo):
        p.set_with_default(align="center")
        with contextlib.redirect_stdout(io.StringIO()):
            p.image(_logo(e.path, model.width_px // 2), center=False)
    elif isinstance(e, d.Cut):
        p.cut(mode="PART" if e.partial and model.partial_cut else "FULL")
    elif isinstance(e, d.DrawerKick) and kick:
        p._raw(kick)


@lru_cache(maxsize=8)
def _logo(path: str, max_width: int) -> Image.Image:
    """The logo, scaled down to ``max_width`` and turned black and white (cached)."""
    from PIL import Image

    with Image.open(path) as img:
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, "white")
        img = Image.alpha_composite(background, img).convert("L")
        if img.width > max_width:
            img = img.resize((max_width, round(img.height * max_width / img.width)))
        return img.point(lambda v: 0 if v < 128 else 255, mode="1")
