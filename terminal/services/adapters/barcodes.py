"""``BarcodeDecoder`` over the devices' ``BarcodeReader`` (biip underneath).

Retail codes (EAN-8/13, UPC-A, GTIN-14) are checked; in-store variable-measure
labels (prefixes 02, 20-29, per ``rcn_region``: "de" has 22/23 price, 28/29
weight) and GS1-128/DataMatrix element strings give a weight or price and the
code to look the product up with (the value zeroed). Anything that is not a
retail code or a GS1 string (an in-house code, a receipt number like
``S01-T01-000042``) is looked up exactly as typed.
"""

from __future__ import annotations

from biip.checksums import gs1_price_weight_check_digit

from kassa.devices.scanner.barcodes import KINDS, with_check_digit
from kassa.devices.scanner.gs1 import BarcodeReader
from kassa.terminal.services.ports import ScannedCode


def gtin_check_digit(payload: str) -> int:
    return int(with_check_digit(payload)[-1])


def with_value(base: str, value: int) -> str:
    """The label code for variable-measure product ``base`` carrying ``value``
    (grams or minor units), as a scale prints it (EAN-13, "PPPPPPCVVVVV" layout)."""
    digits = f"{value:05d}"
    return with_check_digit(base[:6] + str(gs1_price_weight_check_digit(digits)) + digits)


class Gs1Decoder:
    def __init__(self, *, rcn_region: str = "de") -> None:
        self._reader = BarcodeReader(rcn_region=rcn_region)

    def decode(self, raw: str) -> ScannedCode:
        code = raw.strip()
        if not code:
            raise ValueError("the scan is empty: scan the barcode again")
        retail = code.isdigit() and len(code) in KINDS
        gs1 = code.startswith(("]", "(")) or "\x1d" in code
        if not retail and not gs1:
            return ScannedCode(lookup=code)
        scan = self._reader.decode(code)  # BarcodeError is a ValueError with a clear message
        return ScannedCode(lookup=scan.lookup, weight=scan.weight, price_minor=scan.price_minor)
