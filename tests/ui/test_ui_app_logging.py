"""``kassa terminal`` logs at INFO: no DEBUG lines from httpx/httpcore on the console."""

from __future__ import annotations

import logging


def test_quiet_logs_keeps_library_debug_lines_off_the_console(caplog):
    from kivy.logger import Logger

    from kassa.terminal.ui.app import quiet_logs

    logging.root.setLevel(logging.NOTSET)  # what Kivy's KIVY log mode leaves behind
    Logger.setLevel(logging.DEBUG)
    quiet_logs()
    assert Logger.getEffectiveLevel() == logging.INFO
    caplog.clear()
    with caplog.at_level(logging.NOTSET, logger="test-ui-app-logging"):
        logging.getLogger("httpx").debug("HTTP Request: GET /api/v1/pull")
        logging.getLogger("httpcore.connection").debug("connect_tcp.started")
        logging.getLogger("httpx").warning("server unreachable")
        logging.getLogger("kassa.sync").debug("pull page 3")
        logging.getLogger("kassa.sync").info("pulled 120 rows")
    messages = [r.getMessage() for r in caplog.records if not r.name.startswith("kivy")]
    assert messages == ["server unreachable", "pulled 120 rows"]
