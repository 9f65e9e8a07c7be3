"""Every layout renders to ESC/POS that decodes to the same lines the preview shows."""

from __future__ import annotations

import pytest

from kassa.core.document import DocumentKind
from kassa.devices.decoder import decode
from kassa.devices.layout import document as d
from kassa.devices.layout import samples
from kassa.devices.layout.columns import row, two_columns
from kassa.devices.layout.commercial import commercial_document
from kassa.devices.layout.escpos_render import render_escpos
from kassa.devices.layout.png_render import CELL_W, render_png
from kassa.devices.layout.receipt import receipt_document
from kassa.devices.layout.text_render import text_lines
from kassa.devices.printer.models import model_for
from kassa.devices.receipt_text import Barcode, Cut, Image, QrCode

MODELS = ["tm-t20ii", "tm-t88v", "pos-5890"]  # 48, 42 and 32 columns
DOCS = samples.all_documents()


@pytest.mark.parametrize("model_key", MODELS)
@pytest.mark.parametrize("name", sorted(DOCS))
def test_decoded_bytes_are_the_preview_lines_and_fit_the_paper(name, model_key):
    model = model_for(model_key)
    doc = DOCS[name]
    decoded = decode(render_escpos(doc, model=model), profile=model.escpos_profile)
    printed = [line for line in decoded.text_lines if line]  # feeds and images leave blanks
    assert printed == [line for line in text_lines(doc, model.columns) if line]
    for line in decoded.lines:
        limit = model.columns // 2 if line.has(double_width=True) else model.columns
        assert len(line.text) <= limit, line.text
    assert "?" not in decoded.text.replace("? ", "")  # nothing fell out of the code page


def test_receipt_reads_like_a_receipt():
    decoded = decode(render_escpos(DOCS["receipt"], model=model_for("tm-t20ii")))
    text = decoded.text_lines
    assert text[0] == "Bäckerei Müller" and decoded.lines[0].has(bold=True, double_width=True)
    assert "Königstraße 12" in text
    assert any(line.startswith("Smørrebrød Lachs") and line.endswith("6,90 B") for line in text)
    assert any("Discount 10 %" in line and line.endswith("-0,69") for line in text)
    assert any(line.startswith("Jamón ibérico") and line.endswith("5,49 B") for line in text)
    total = next(line for line in decoded.lines if line.text.startswith("TOTAL"))
    assert total.text.split() == ["TOTAL", "EUR", "25,59"] and total.has(bold=True)
    assert any(line.split() == ["Change", "4,40"] for line in text)
    assert any(line.split() == ["A", "19", "%", "2,61", "0,49", "3,10"] for line in text)
    assert decoded.of(Barcode) == [Barcode("CODE128", "S1-T2-000042")]
    assert decoded.of(Image), "the logo is printed"
    assert isinstance(decoded.items[-1], Cut)


def test_return_receipt_names_the_original_and_refunds():
    text = decode(render_escpos(DOCS["return_receipt"], model=model_for("pos-5890"))).text_lines
    assert "RETURN" in text and "Returns receipt S1-T2-000042" in text
    assert any(line.split() == ["REFUND", "-10,00"] for line in text)
    assert any(line.split() == ["Cash", "10,00"] for line in text)


def test_z_report_has_the_grand_total_and_the_count_difference():
    text = decode(render_escpos(DOCS["z_report"], model=model_for("tm-t20ii"))).text_lines
    assert "Z REPORT Z-0311" in text and "GRAND TOTAL (never reset)" in text
    assert any(line.split() == ["Cash", "5,60", "5,20", "-0,40"] for line in text)
    x = decode(render_escpos(DOCS["x_report"], model=model_for("tm-t20ii"))).text_lines
    assert "GRAND TOTAL (never reset)" not in x and any("shift stays open" in t for t in x)


def test_offer_shows_optional_lines_apart_and_a_qr_code():
    decoded = decode(render_escpos(DOCS["offer"], model=model_for("tm-t88v")))
    assert "Optional, not included:" in decoded.text_lines
    assert "Hôtel Åkerström GmbH" in decoded.text_lines
    assert decoded.of(QrCode) == [QrCode("OF-2026-0150")]


def test_a_receipt_is_not_an_offer():
    with pytest.raises(ValueError, match="receipt_document"):
        commercial_document(
            samples.commercial(DocumentKind.OFFER).__class__(
                **{
                    **samples.commercial(DocumentKind.OFFER).__dict__,
                    "totals": samples.receipt().totals,
                }
            ),
            store=samples.STORE,
        )


def test_copy_is_marked():
    copy = samples.receipt().__class__(**{**samples.receipt().__dict__, "copy": True})
    doc = receipt_document(copy, store=samples.STORE)
    assert "*** COPY ***" in text_lines(doc, 48)


def test_documents_round_trip_through_json():
    for doc in DOCS.values():
        assert d.PrintDocument.from_json(doc.to_json()) == doc


def test_two_columns_fit_and_wrap():
    assert two_columns("Brot", "4,20 B", 20) == ["Brot          4,20 B"]
    assert two_columns("A very long item name here", "12,50", 20) == [
        "A very long",
        "item name here 12,50",
    ]
    assert two_columns("No. S1-T2-000042", "23.11.2026 17:42", 32) == [
        "No. S1-T2-000042",
        "                23.11.2026 17:42",
    ]
    assert row(("A 19 %", "2,61", "0,49", "3,10"), 32) == "A 19 %      2,61    0,49    3,10"


@pytest.mark.parametrize("columns", [32, 42, 48])
def test_png_preview_is_paper_wide_and_has_ink(columns):
    image = render_png(DOCS["receipt"], columns=columns)
    assert image.width == columns * CELL_W + 2 * 24 + 16
    assert image.height > 800
    assert image.getextrema() == (0, 255)


def test_preview_shows_what_the_code_page_cannot_print_as_question_marks():
    from kassa.devices.layout.text_render import printable

    assert printable("Tack ♥ 1,50 € ø", "CP858") == "Tack ? 1,50 € ø"
    assert printable("1,50 €", "CP437") == "1,50 ?"
