"""``kassa.terminal.ui.app.run`` (what ``kassa terminal`` calls) opens the real app in
its own process on a device database, takes a PIN typed on a keyboard, and closes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui


def test_run_opens_the_app_signs_in_and_closes(window, tmp_path):
    from kassa.sync.client.credentials import database_path
    from kassa.sync.replica.migrate import open_replica
    from kassa.terminal.services.adapters.demo_catalog import seed_demo

    replica = open_replica(database_path(tmp_path))
    seed_demo(replica)
    replica.dispose()
    probe = Path(__file__).with_name("app_probe.py")
    env = {**os.environ, "KASSA_DATA_DIR": str(tmp_path), "KIVY_NO_CONSOLELOG": "1"}
    done = subprocess.run(
        [sys.executable, str(probe), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [
        line for line in done.stdout.splitlines() if line.split()[:1] in (["screen"], ["closed"])
    ]
    assert done.returncode == 0, done.stderr[-3000:]
    assert lines == [
        "screen login size (1024, 600)",
        "screen shift Max · manager",  # no shift open yet: the shift screen comes first
        "closed",
    ], done.stdout[-2000:]
