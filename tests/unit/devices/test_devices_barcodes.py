"""EAN/UPC check digits, GS1 variable-measure codes and GS1 element strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from biip.checksums import gs1_price_weight_check_digit

from kassa.devices.scanner.barcodes import BarcodeError, check_digit, kind_of, with_check_digit
from kassa.devices.scanner.gs1 import BarcodeReader, Layout


@pytest.mark.parametrize(
    ("code", "kind"),
    [("4006381333931", "EAN-13"), ("036000291452", "UPC-A"), ("96385074", "EAN-8")],
)
def test_valid_codes_and_their_kind(code, kind):
    assert kind_of(code) == kind
    assert check_digit(code[:-1]) == int(code[-1])


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("4006381333932", "check digit is 2, it should be 1"),
        ("036000291453", "UPC-A 036000291453: the check digit is 3, it should be 2"),
        ("96385075", "EAN-8"),
        ("400638133393", "check digit"),
        ("40063813339", "has 11 digits"),
        ("4006381X33931", "digits only"),
        ("", "empty scan"),
    ],
)
def test_malformed_codes_get_a_clear_error(code, message):
    with pytest.raises(BarcodeError, match=message):
        kind_of(code)


def _weight_code_de(item: str, grams: int) -> str:
    value = f"{grams:05d}"
    return with_check_digit(f"28{item}{gs1_price_weight_check_digit(value)}{value}")


def test_german_weight_code_gives_weight_and_a_lookup_code_without_it():
    reader = BarcodeReader(rcn_region="de")
    scan = reader.decode(_weight_code_de("1234", 750))
    assert scan.weight == Decimal("0.750") and scan.price is None
    assert scan.lookup == reader.decode(_weight_code_de("1234", 1999)).lookup
    assert scan.lookup.startswith("281234")


def test_german_price_code_gives_the_price_in_minor_units():
    value = "00299"
    code = with_check_digit(f"221234{gs1_price_weight_check_digit(value)}{value}")
    scan = BarcodeReader(rcn_region="de").decode(code)
    assert scan.price == Decimal("2.99") and scan.price_minor == 299


def test_the_country_layout_is_a_setting():
    code = with_check_digit("23123450" + "0750")  # Sweden: 23 is weight, 8 item digits
    assert BarcodeReader(rcn_region="se").decode(code).weight == Decimal("0.750")
    german = BarcodeReader(rcn_region="de")  # Germany: 23 is price, with a check digit
    with pytest.raises(BarcodeError, match="check digit"):
        german.decode(code)


def test_a_wrong_price_check_digit_inside_a_valid_ean_is_refused():
    value = "00299"
    wrong = (gs1_price_weight_check_digit(value) + 1) % 10
    code = with_check_digit(f"221234{wrong}{value}")
    with pytest.raises(BarcodeError, match="variable measure"):
        BarcodeReader(rcn_region="de").decode(code)


def test_prefix_02_with_an_own_layout():
    reader = BarcodeReader(layouts={"02": Layout("weight", "PPPPPPPVVVVV", 3)})
    scan = reader.decode(with_check_digit("020123401250"))
    assert scan.weight == Decimal("1.250")
    assert scan.lookup == with_check_digit("020123400000")


def test_unknown_region_is_refused_with_the_known_ones():
    with pytest.raises(BarcodeError, match="'xx' is not known; use one of"):
        BarcodeReader(rcn_region="xx")


def test_gs1_128_best_before_lot_and_weight():
    raw = "]C1" + "0109506000134352" + "15261231" + "10LOT42" + "\x1d" + "3103000750"
    scan = BarcodeReader().decode(raw)
    assert scan.symbology == "GS1" and scan.lookup == "09506000134352"
    assert scan.best_before == date(2026, 12, 31)
    assert scan.lot == "LOT42" and scan.weight == Decimal("0.750")


def test_gs1_datamatrix_with_expiry_and_serial():
    raw = "]d2" + "0109506000134352" + "17270131" + "21SN123" + "\x1d" + "10B7"
    scan = BarcodeReader().decode(raw)
    assert scan.expiry == date(2027, 1, 31) and scan.serial == "SN123" and scan.lot == "B7"


def test_gs1_in_brackets_as_typed_from_a_label():
    scan = BarcodeReader().decode("(01)09506000134352(17)261231(10)ABC")
    assert scan.expiry == date(2026, 12, 31) and scan.lot == "ABC"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("]C1" + "0109506000134352" + "17261331", "GS1 code"),
        ("]C1" + "10LOT42", "no product number"),
    ],
)
def test_malformed_gs1_codes_get_a_clear_error(raw, message):
    with pytest.raises(BarcodeError, match=message):
        BarcodeReader().decode(raw)
