"""The pole display over a pty: what the customer reads, € included."""

from __future__ import annotations

import pytest

from kassa.devices.customer_display import (
    SerialCustomerDisplay,
    display_frame,
    item_and_amount,
)
from kassa.devices.sim.pty_port import PtyPort

pytestmark = pytest.mark.timeout(30)


def _screen(data: bytes, columns: int = 20) -> list[str]:
    """Read a DM-D frame back: the text after each cursor move to row 1 and 2."""
    assert data.startswith(b"\x1b@\x1bt\x13\x0c")
    rows = data.split(b"\x1f$\x01")[1:]
    return [row[1 : 1 + columns].decode("cp858") for row in rows]


def test_item_and_total_show_with_the_euro_sign():
    port = PtyPort()
    try:
        display = SerialCustomerDisplay(device=port.path)
        top = item_and_amount("Smørrebrød Lachs extra groß", "6,90 €")
        result = display.show(top, item_and_amount("Summe", "25,59 €"))
        assert result.shown
        data = b""
        while len(data) < 6 + 2 * 24:  # header, then two rows of cursor move + 20 characters
            chunk = port.read_available(2.0)
            assert chunk, data
            data += chunk
        assert _screen(data) == ["Smørrebrød La 6,90 €", "Summe        25,59 €"]
    finally:
        port.close()


def test_lines_are_cut_to_the_display_width():
    frame = display_frame("x" * 30, "", columns=20)
    assert _screen(frame) == ["x" * 20, " " * 20]


def test_missing_display_is_a_result_not_an_exception(tmp_path):
    result = SerialCustomerDisplay(device=str(tmp_path / "ttyS5")).show("Hallo")
    assert not result.shown and "ttyS5" in result.message


def test_unknown_code_page_is_refused():
    with pytest.raises(ValueError, match="use one of"):
        display_frame("a", "b", code_page="KOI8")
