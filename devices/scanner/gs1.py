"""What a scan means: a product code plus what GS1 codes carry with it.

- in-store variable-measure EAN-13 (prefixes 02 and 20-29): price or weight
  embedded, laid out per country (``rcn_region``, e.g. "de", "se"); parsed by biip.
  Prefix 02 has no national layout in biip: give one with ``layouts``.
- GS1-128 and GS1 DataMatrix element strings (``]C1``/``]d2`` or with GS
  separators): GTIN, best before, expiry, lot, net weight; parsed by biip.

The result's ``lookup`` is the code to find the product with (the variable
part zeroed for variable-measure codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import biip
from biip import ParseConfig
from biip.checksums import gs1_price_weight_check_digit
from biip.rcn import Rcn

from kassa.devices.scanner.barcodes import BarcodeError, kind_of, with_check_digit

REGIONS = {region.value for region in biip.rcn.RcnRegion}


@dataclass(frozen=True)
class Layout:
    """An own variable-measure layout, biip style: 12 pattern letters for the digits
    before the check digit; P item, C price check digit, V the value."""

    measure: str  # "price" or "weight"
    pattern: str  # e.g. "PPPPPPCVVVVV"
    decimals: int


@dataclass(frozen=True)
class Scan:
    raw: str
    symbology: str  # EAN-13, EAN-8, UPC-A, GTIN-14, GS1
    lookup: str  # the code to find the product with
    weight: Decimal | None = None  # kg
    price: Decimal | None = None  # in the store currency's major unit
    price_minor: int | None = None
    count: int | None = None
    best_before: date | None = None
    expiry: date | None = None
    lot: str | None = None
    serial: str | None = None


class BarcodeReader:
    """Decodes raw scans; ``decode`` raises BarcodeError (a ValueError) with a clear message."""

    def __init__(self, *, rcn_region: str = "", layouts: dict[str, Layout] | None = None) -> None:
        if rcn_region and rcn_region.lower() not in REGIONS:
            raise BarcodeError(
                f"rcn_region = {rcn_region!r} is not known; use one of {', '.join(sorted(REGIONS))}"
            )
        self.region = rcn_region.lower() or None
        self.layouts = layouts or {}

    def decode(self, raw: str) -> Scan:
        code = raw.strip("\r\n")
        if code.startswith(("]", "(")) or "\x1d" in code or len(code) > 14:
            return self._element_strings(code)
        if code[:2] in self.layouts and len(code) == 13:
            kind_of(code)
            return _own_layout(code, self.layouts[code[:2]])
        symbology = kind_of(code)
        result = biip.parse(code, config=ParseConfig(rcn_region=self.region))
        gtin = result.gtin
        if gtin is None:  # the check digit passed, so only the variable part can be wrong
            raise BarcodeError(f"{symbology} {code}: {_first_error(result)}; scan it again")
        if isinstance(gtin, Rcn) and (gtin.weight is not None or gtin.price is not None):
            price = gtin.price
            return Scan(
                raw=code,
                symbology=symbology,
                lookup=gtin.without_variable_measure().value,
                weight=gtin.weight,
                price=price,
                price_minor=None if price is None else int(price.scaleb(2)),
                count=gtin.count,
            )
        return Scan(raw=code, symbology=symbology, lookup=code)

    def _element_strings(self, code: str) -> Scan:
        text = code[1:].replace(")", "").replace("(", "") if code.startswith("(") else code
        result = biip.parse(text, config=ParseConfig(rcn_region=self.region))
        message = result.gs1_message
        if message is None:
            error = _first_error(result, ("gs1_message_error",))
            raise BarcodeError(f"GS1 code {code!r}: {error}; scan it again")
        found = {es.ai.ai: es for es in message.element_strings}
        gtin = found.get("01") or found.get("02")
        if gtin is None:
            raise BarcodeError(f"GS1 code {code!r} carries no product number (AI 01); scan the EAN")
        weight = next((es.decimal for ai, es in found.items() if ai.startswith("310")), None)
        return Scan(
            raw=code,
            symbology="GS1",
            lookup=gtin.value,
            weight=weight,
            best_before=found["15"].date if "15" in found else None,
            expiry=found["17"].date if "17" in found else None,
            lot=found["10"].value if "10" in found else None,
            serial=found["21"].value if "21" in found else None,
        )


def _own_layout(code: str, layout: Layout) -> Scan:
    digits = code[:12]
    value = "".join(d for d, p in zip(digits, layout.pattern, strict=True) if p == "V")
    if "C" in layout.pattern:
        check = int(digits[layout.pattern.index("C")])
        if check != gs1_price_weight_check_digit(value):
            raise BarcodeError(f"EAN-13 {code}: the price/weight check digit is wrong; scan again")
    amount = Decimal(value).scaleb(-layout.decimals)
    zeroed = "".join("0" if p in "VC" else d for d, p in zip(digits, layout.pattern, strict=True))
    if "C" in layout.pattern:
        at = layout.pattern.index("C")
        zeroed = (
            zeroed[:at] + str(gs1_price_weight_check_digit("0" * len(value))) + zeroed[at + 1 :]
        )
    scan = Scan(raw=code, symbology="EAN-13", lookup=with_check_digit(zeroed))
    if layout.measure == "weight":
        return Scan(**{**scan.__dict__, "weight": amount})
    return Scan(**{**scan.__dict__, "price": amount, "price_minor": int(amount.scaleb(2))})


def _first_error(result, names=("gtin_error", "upc_error", "gs1_message_error")) -> str:
    for name in names:
        error = getattr(result, name, None)
        if error:
            return str(error).rstrip(".")
    return "not a GS1 code"
