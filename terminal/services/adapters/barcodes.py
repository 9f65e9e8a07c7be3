"""``BarcodeDecoder`` over biip: plain GTINs, and in-store variable-measure codes.

Variable-measure labels (EAN-13 prefixes 02 and 20-29, laid out per country:
``rcn_region`` e.g. "de": 22/23 price, 28/29 weight) carry a weight or a price.
The product is looked up by the label's code with the value zeroed (and the
check digits recomputed), which is how such a product's barcode is registered.
Anything that is not a GTIN (an in-house code, a receipt number) is looked up
as typed.
"""

from __future__ import annotations

from decimal import Decimal

import biip
from biip import ParseConfig
from biip.rcn import Rcn, gs1_price_weight_check_digit

from kassa.terminal.services.ports import ScannedCode


def gtin_check_digit(payload: str) -> int:
    """The GS1 mod-10 check digit of ``payload`` (all digits but the last)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(payload)))
    return (10 - total % 10) % 10


def zero_value_code(code: str) -> str:
    """An EAN-13 variable-measure code with its 5-digit value (and value check) zeroed."""
    payload = code[:6] + "0" + "00000"
    return payload + str(gtin_check_digit(payload))


def with_value(base: str, value: int) -> str:
    """A label code for the product ``base`` carrying ``value`` (grams or minor units)."""
    digits = f"{value:05d}"
    payload = base[:6] + str(gs1_price_weight_check_digit(digits)) + digits
    return payload + str(gtin_check_digit(payload))


class Gs1Decoder:
    def __init__(self, *, rcn_region: str | None = "de") -> None:
        self._config = ParseConfig(rcn_region=rcn_region, rcn_verify_variable_measure=True)

    def decode(self, raw: str) -> ScannedCode:
        code = raw.strip()
        if not code:
            raise ValueError("the code is empty")
        if not code.isdigit() or len(code) not in (8, 12, 13, 14):
            return ScannedCode(lookup=code)
        try:
            gtin = biip.parse(code, config=self._config).gtin
        except biip.ParseError as exc:
            raise ValueError(str(exc)) from None
        if gtin is None:
            raise ValueError("the check digit is wrong: scan it again or type the number")
        if isinstance(gtin, Rcn) and (gtin.weight is not None or gtin.price is not None):
            base = zero_value_code(code)
            if gtin.weight is not None:
                return ScannedCode(lookup=base, weight=Decimal(gtin.weight))
            price = Decimal(gtin.price).scaleb(2)  # regions biip knows all use 2 decimals
            return ScannedCode(lookup=base, price_minor=int(price))
        return ScannedCode(lookup=code)
