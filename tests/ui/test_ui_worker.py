"""The UI never waits on a service: calls run on the worker thread while frames go on,
and results and refusals come back on the UI thread."""

from __future__ import annotations

import threading
import time

import pytest

pytestmark = pytest.mark.ui


def test_a_slow_call_does_not_block_frames_and_returns_on_the_ui_thread(ui):
    from kassa.terminal.ui.worker import Worker

    worker = Worker()
    ui.workers.append(worker)
    release = threading.Event()
    seen: dict[str, object] = {}

    def slow() -> str:
        seen["ran_on"] = threading.current_thread()
        release.wait(5)
        return "done"

    def done(result: str) -> None:
        seen["result"], seen["delivered_on"] = result, threading.current_thread()

    worker.run(slow, on_done=done)
    started = time.monotonic()
    ui.frames(5)  # the window keeps drawing while the call waits
    assert time.monotonic() - started < 2 and worker.busy and "result" not in seen
    release.set()
    ui.settle()
    assert seen["result"] == "done"
    assert seen["ran_on"] is not threading.main_thread()
    assert seen["delivered_on"] is threading.main_thread()
    worker.shutdown()


def test_a_refusal_becomes_the_view_models_message(ui):
    from kassa.terminal.services.errors import InvalidInput
    from kassa.terminal.ui.viewmodels.base import ViewModel
    from kassa.terminal.ui.worker import Worker

    worker = Worker()
    ui.workers.append(worker)
    vm = ViewModel(worker=worker)

    def refuse() -> None:
        raise InvalidInput("Unknown barcode 123: scan again or search by name")

    vm.call(refuse)
    assert vm.busy
    ui.settle()
    assert not vm.busy
    assert vm.error == "Unknown barcode 123: scan again or search by name"

    def crash() -> None:
        raise KeyError("bug")

    vm.call(crash)
    ui.settle()
    assert vm.error.startswith("Something went wrong (KeyError)")
    worker.shutdown()


def test_a_bug_while_showing_a_result_is_reported_not_fatal(ui):
    from kassa.terminal.ui.worker import Worker

    worker = Worker()
    ui.workers.append(worker)
    failures: list[BaseException] = []

    def broken_view(_result: int) -> None:
        raise ValueError("a view bug")

    worker.run(lambda: 1, on_done=broken_view, on_error=failures.append)
    ui.settle()
    assert [str(f) for f in failures] == ["a view bug"] and not worker.busy
    worker.shutdown()
