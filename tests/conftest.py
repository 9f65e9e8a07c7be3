"""Suite-wide settings.

Kivy reads its environment at first import, so it is set here before any test
module imports it (see ../shared/STYLE.md). Under ``KASSA_REQUIRE_ALL=1`` (CI)
a test that skips because a service or the display is missing fails instead.
"""

from __future__ import annotations

import os

import pytest

for _name, _value in {
    "KIVY_NO_ARGS": "1",
    "KIVY_NO_CONFIG": "1",
    "KIVY_USE_DEFAULTCONFIG": "1",
    "KIVY_NO_FILELOG": "1",
    "KIVY_LOG_MODE": "PYTHON",
    "KIVY_METRICS_DENSITY": "1",
    "KIVY_DPI": "96",
    "KIVY_NO_CONSOLELOG": "1",
}.items():
    os.environ.setdefault(_name, _value)

REQUIRE_ALL = os.environ.get("KASSA_REQUIRE_ALL") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"KASSA_REQUIRE_ALL=1: this test would have skipped: {reason}"
