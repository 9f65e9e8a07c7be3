"""Fixtures: a terminal's services on a real device replica (``terminal_rig``)."""

from __future__ import annotations

import pytest
from terminal_rig import Rig, build_rig


@pytest.fixture
def rig(tmp_path) -> Rig:
    return build_rig(tmp_path)


@pytest.fixture
def open_rig(rig: Rig) -> Rig:
    """Anna (cashier) signed in, a shift open with a 100.00 float."""
    rig.pos.auth.login("9999")
    rig.pos.shift.open(opening_float=rig.eur("100.00"))
    rig.pos.auth.login("1111")
    return rig
