"""The ESC/POS command set the decoder reads: codes, barcode systems, parameter counts."""

from __future__ import annotations

ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A
ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
BARCODE_A = {0: "UPC-A", 1: "UPC-E", 2: "EAN13", 3: "EAN8", 4: "CODE39", 5: "ITF", 6: "NW7"}
BARCODE_B = {65: "UPC-A", 66: "UPC-E", 67: "EAN13", 68: "EAN8", 69: "CODE39", 70: "ITF"}
BARCODE_B |= {71: "NW7", 72: "CODE93", 73: "CODE128", 74: "GS1-128"}
# ESC x: number of parameter bytes for the commands that only set something.
ESC_SIMPLE = {b"E": 1, b"-": 1, b"M": 1, b"{": 1, b"G": 1, b"2": 0, b"3": 1, b" ": 1}
ESC_SIMPLE |= {b"R": 1, b"V": 1, b"J": 1, b"U": 1, b"c": 2, b"=": 1, b"$": 2, b"\\": 2}
GS_SIMPLE = {b"B": 1, b"b": 1, b"h": 1, b"w": 1, b"f": 1, b"H": 1, b"L": 2, b"W": 2}
GS_SIMPLE |= {b"a": 1, b"P": 2, b"I": 1, b"r": 1, b"$": 2, b"\\": 2}
