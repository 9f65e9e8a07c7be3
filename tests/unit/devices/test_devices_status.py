"""DLE EOT replies become a status the UI can show."""

from __future__ import annotations

import pytest

from kassa.devices.status import PrinterState, from_replies, valid_reply

OK = 0x12


@pytest.mark.parametrize(
    ("printer", "offline", "paper", "state"),
    [
        (OK, OK, OK, PrinterState.READY),
        (OK | 0x08, OK | 0x20, OK | 0x6C, PrinterState.PAPER_OUT),
        (OK | 0x08, OK | 0x04, OK, PrinterState.COVER_OPEN),
        (OK | 0x08, OK | 0x40, OK, PrinterState.OFFLINE),
    ],
)
def test_states(printer, offline, paper, state):
    status = from_replies(printer=printer, offline_cause=offline, paper=paper)
    assert status.state == state
    assert status.can_print == (state == PrinterState.READY)


def test_paper_near_end_still_prints_but_says_so():
    status = from_replies(printer=OK, offline_cause=OK, paper=OK | 0x0C)
    assert status.can_print and status.paper_near_end
    assert "nearly used up" in status.message


def test_drawer_sensor_polarity_is_a_setting():
    high = from_replies(printer=OK | 0x04, offline_cause=OK, paper=OK)
    assert high.drawer_open is True
    low = from_replies(printer=OK | 0x04, offline_cause=OK, paper=OK, drawer_open_when_high=False)
    assert low.drawer_open is False


def test_reply_bytes_must_have_the_fixed_bits():
    assert valid_reply(0x12) and valid_reply(0x1E)
    assert not valid_reply(0x00) and not valid_reply(0x10) and not valid_reply(0x92)
