"""The Toledo-protocol scale over a pty."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kassa.devices.scale import SerialScale, parse_answer
from kassa.devices.sim.pty_scale import PtyScaleSimulator

pytestmark = pytest.mark.timeout(30)


def test_stable_weight_in_kilograms():
    with PtyScaleSimulator() as sim:
        sim.weight = Decimal("1.235")
        reading = SerialScale(device=sim.path, timeout=0.5).read()
        assert reading.stable and reading.weight == Decimal("1.235")


@pytest.mark.parametrize(
    ("status", "state", "words"),
    [
        (0x01, "motion", "moving"),
        (0x02, "over_capacity", "Too heavy"),
        (0x04, "under_zero", "zero"),
    ],
)
def test_unstable_scale_reports_why(status, state, words):
    with PtyScaleSimulator() as sim:
        sim.status = status
        reading = SerialScale(device=sim.path, timeout=0.5).read()
        assert reading.state == state and reading.weight is None and words in reading.message


def test_silent_and_missing_scales_are_readings_not_exceptions(tmp_path):
    with PtyScaleSimulator() as sim:
        sim.silent = True
        assert SerialScale(device=sim.path, timeout=0.3).read().state == "no_answer"
    assert SerialScale(device=str(tmp_path / "ttyS9")).read().state == "unreachable"


def test_garbled_answer_is_named():
    reading = parse_answer(b"\x02XYZ\r")
    assert reading.state == "no_answer" and "XYZ" in reading.message
