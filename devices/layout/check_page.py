"""The page ``kassa devices test`` prints: code page, widths, styles, codes, cut."""

from __future__ import annotations

from datetime import datetime

from kassa.devices.layout import document as d
from kassa.devices.printer.models import PrinterModel

SAMPLE = "€ ä ö ü ß Ä Ö Ü ñ ø Ø å é ç £"


def check_page(*, model: PrinterModel, code_page: str, when: datetime) -> d.PrintDocument:
    ruler = "".join(str(i % 10) for i in range(1, model.columns + 1))
    return d.PrintDocument("Printer test page").add(
        d.Text("KASSA PRINTER TEST", align="center", bold=True, size="large"),
        d.Text(f"{model.name}", align="center"),
        d.Text(f"{when:%Y-%m-%d %H:%M}", align="center"),
        d.Separator("="),
        d.Columns("Code page", code_page),
        d.Columns("Columns", str(model.columns)),
        d.Text(ruler),
        d.Text(SAMPLE),
        d.Text("Bold", bold=True),
        d.Text("Underlined", underline=True),
        d.Text("Double height", size="tall"),
        d.Text("Inverted", invert=True),
        d.Text("Centred", align="center"),
        d.Text("Right", align="right"),
        d.Columns("Two columns, fitted", "1.234,50 €"),
        d.Separator(),
        d.Barcode("4006381333931", symbology="EAN13"),
        d.QrCode("KASSA-TEST"),
        d.Text("If € and ø look right, the code page is right.", align="center"),
        d.Cut(),
    )
