"""One printer profile per model: escpos capability profile, paper width in
characters, code page, and what the model supports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrinterModel:
    key: str
    name: str
    escpos_profile: str
    columns: int  # characters per line in font A
    width_px: int  # printable dots per line (for images and previews)
    code_page: str = "CP858"  # CP850 plus €, in the profiles of the models below
    realtime_kick: bool = False  # DLE DC4 fn=1
    partial_cut: bool = True


MODELS = {
    model.key: model
    for model in (
        PrinterModel("tm-t20ii", "Epson TM-T20II", "TM-T20II", 48, 576, realtime_kick=True),
        PrinterModel("tm-t88v", "Epson TM-T88V", "TM-T88V", 42, 512, realtime_kick=True),
        PrinterModel("tm-t88iv", "Epson TM-T88IV", "TM-T88IV", 42, 512, realtime_kick=True),
        PrinterModel("tm-m30", "Epson TM-m30 (80 mm)", "TM-T20II", 48, 576, realtime_kick=True),
        PrinterModel("generic-80", "Generic 80 mm ESC/POS", "default", 48, 576),
        PrinterModel("generic-80-42", "Generic 80 mm ESC/POS, 42 columns", "default", 42, 512),
        PrinterModel("pos-5890", "58 mm POS-5890 class", "POS-5890", 32, 384, partial_cut=False),
    )
}


def model_for(key: str) -> PrinterModel:
    try:
        return MODELS[key.lower()]
    except KeyError:
        known = ", ".join(sorted(MODELS))
        raise ValueError(f"[printer] model = {key!r} is not known; use one of: {known}") from None
