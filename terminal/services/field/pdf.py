"""A PDF of an offer, order or invoice to send to the customer (fpdf2, A4).

Written with a Unicode font (DejaVu Sans Mono, shipped with python-barcode) so
names with accents print as typed; the file goes to the tablet's documents
folder, named by the document's number.
"""

from __future__ import annotations

import re
from pathlib import Path

from fpdf import FPDF

from kassa.devices.layout import document as d
from kassa.devices.layout.png_render import font_path

WIDTH_MM = 180


def write_pdf(document: d.PrintDocument, folder: Path, *, name: str) -> Path:
    """``document`` (the same print document the printer gets) as ``<name>.pdf``."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("mono", fname=str(font_path()))
    pdf.add_page()
    pdf.set_title(document.title)
    columns = 64
    for element in document.elements:
        size = 10
        if isinstance(element, d.Text):
            size = 14 if element.size in ("tall", "large") else 10
            pdf.set_font("mono", size=size)
            align = {"center": "C", "right": "R"}.get(element.align, "L")
            pdf.multi_cell(
                WIDTH_MM, size * 0.5, element.text, align=align, new_x="LMARGIN", new_y="NEXT"
            )
        elif isinstance(element, d.Columns):
            pdf.set_font("mono", size=size)
            gap = max(1, columns - len(element.left) - len(element.right))
            text = (
                element.left + " " * gap + element.right
                if gap > 1
                else f"{element.left}  {element.right}"
            )
            pdf.multi_cell(WIDTH_MM, 5, text, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(element, d.Row):
            pdf.set_font("mono", size=size)
            first, *rest = element.cells
            text = first.ljust(16) + "".join(c.rjust(16) for c in rest)
            pdf.multi_cell(WIDTH_MM, 5, text, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(element, d.Separator):
            y = pdf.get_y() + 2
            pdf.line(pdf.l_margin, y, pdf.l_margin + WIDTH_MM, y)
            pdf.ln(4)
        elif isinstance(element, d.Feed):
            pdf.ln(5)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.pdf"
    pdf.output(str(path))
    return path
