"""Retail barcodes: EAN-13, EAN-8, UPC-A (and GTIN-14) with their mod-10 check digit."""

from __future__ import annotations

from biip.checksums import gs1_standard_check_digit

KINDS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}


class BarcodeError(ValueError):
    """A scan that cannot be used; the message says what is wrong and what to do."""


def check_digit(payload: str) -> int:
    """The GS1 mod-10 check digit for the digits before it."""
    return gs1_standard_check_digit(payload)


def kind_of(code: str) -> str:
    """``EAN-13``, ``EAN-8``, ``UPC-A`` or ``GTIN-14`` for a valid code; BarcodeError otherwise."""
    if not code:
        raise BarcodeError("empty scan: scan the barcode again")
    if not code.isdigit():
        raise BarcodeError(
            f"{code!r} is not a retail barcode: EAN and UPC codes are digits only; "
            "scan again or type the digits printed under the bars"
        )
    kind = KINDS.get(len(code))
    if kind is None:
        raise BarcodeError(
            f"{code!r} has {len(code)} digits: EAN-8, UPC-A, EAN-13 and GTIN-14 have 8, 12, 13 "
            "or 14; the scan was probably cut off, scan it again"
        )
    expected = check_digit(code[:-1])
    if int(code[-1]) != expected:
        raise BarcodeError(
            f"{kind} {code}: the check digit is {code[-1]}, it should be {expected}; "
            "the code was misread, scan it again or type the digits"
        )
    return kind


def with_check_digit(payload: str) -> str:
    """``payload`` (7, 11, 12 or 13 digits) followed by its check digit."""
    return payload + str(check_digit(payload))
