"""The durable print queue against the TCP printer simulator and a real SQLite file."""

from __future__ import annotations

import time

import pytest

from kassa.devices.layout import document as d
from kassa.devices.print_queue import PrintQueue
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.settings import PrinterSettings
from kassa.devices.sim.tcp_printer import TcpPrinterSimulator
from kassa.devices.status import PrinterState, PrinterStatus

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def sim():
    with TcpPrinterSimulator(profile="TM-T20II") as simulator:
        yield simulator


def _printer(port: int) -> EscposPrinter:
    return EscposPrinter(
        PrinterSettings(connection="network", port=port, model="tm-t20ii", status_timeout=0.5)
    )


def _receipt(number: str) -> d.PrintDocument:
    return d.PrintDocument(f"Receipt {number}").add(
        d.Text(f"Receipt {number}", bold=True), d.Columns("Brötchen", "0,45 €"), d.Cut()
    )


def _queue(path, printer, **kwargs) -> PrintQueue:
    return PrintQueue(path, send=printer.print_document, backoff_first=0.05, **kwargs)


def _wait(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_submit_returns_at_once_and_the_worker_prints(sim, tmp_path):
    queue = _queue(tmp_path / "q.sqlite3", _printer(sim.port)).start()
    try:
        job_id = queue.submit(_receipt("S1-T1-000001"))
        assert _wait(lambda: queue.job(job_id).status == "printed")
        assert sim.decoded().pages() == [["Receipt S1-T1-000001", f"Brötchen{' ' * 34}0,45 €"]]
        assert queue.pending() == 0
    finally:
        queue.stop()


def test_paper_out_keeps_the_job_with_its_error_and_it_prints_once_fixed(sim, tmp_path):
    sim.state.paper = "out"
    queue = _queue(tmp_path / "q.sqlite3", _printer(sim.port)).start()
    try:
        started = time.monotonic()
        job_id = queue.submit(_receipt("S1-T1-000002"))
        assert time.monotonic() - started < 0.5  # the sale did not wait for the printer
        assert _wait(lambda: queue.job(job_id).status == "failed")
        job = queue.job(job_id)
        assert "out of paper" in job.last_error and job.attempts >= 1
        assert queue.last_status.state == PrinterState.PAPER_OUT
        assert sim.decoded().lines == []
        sim.state.paper = "ok"
        queue.retry_now()
        assert _wait(lambda: queue.job(job_id).status == "printed")
        assert sim.decoded().text_lines[0] == "Receipt S1-T1-000002"
        assert len(sim.decoded().pages()) == 1  # printed once
    finally:
        queue.stop()


def test_jobs_survive_a_restart_and_print_in_order(sim, tmp_path):
    path = tmp_path / "q.sqlite3"
    sim.state.cover_open = True
    first = _queue(path, _printer(sim.port))
    first.submit(_receipt("S1-T1-000003"))
    first.submit(_receipt("S1-T1-000004"))
    assert first.run_once().status == "failed"
    first.stop()  # the till is switched off with two receipts unprinted

    sim.state.cover_open = False
    second = _queue(path, _printer(sim.port)).start()
    try:
        assert _wait(lambda: second.pending() == 0)
        firsts = [page[0] for page in sim.decoded().pages()]
        assert firsts == ["Receipt S1-T1-000003", "Receipt S1-T1-000004"]
    finally:
        second.stop()


def test_a_job_interrupted_mid_print_is_printed_again_after_restart(sim, tmp_path):
    path = tmp_path / "q.sqlite3"
    queue = _queue(path, _printer(sim.port))
    job_id = queue.submit(_receipt("S1-T1-000005"))
    queue.store.mark(job_id, "printing")  # the process died here
    queue.stop()
    again = _queue(path, _printer(sim.port))
    assert "interrupted" in again.job(job_id).last_error
    assert again.run_once().status == "printed"
    again.stop()


def test_connection_dropped_mid_receipt_retries_and_prints_whole(sim, tmp_path):
    queue = _queue(tmp_path / "q.sqlite3", _printer(sim.port))
    job_id = queue.submit(_receipt("S1-T1-000006"))
    sim.state.drop_after = 9 + 30
    assert queue.run_once().status == "failed"
    assert "dropped" in queue.job(job_id).last_error
    sim.engine.clear()
    time.sleep(0.1)
    assert queue.run_once().status == "printed"
    assert sim.decoded().pages()[0][0] == "Receipt S1-T1-000006"
    queue.stop()


def test_reprint_queues_a_marked_copy(sim, tmp_path):
    queue = _queue(tmp_path / "q.sqlite3", _printer(sim.port))
    job_id = queue.submit(_receipt("S1-T1-000007"))
    queue.run_once()
    copy_id = queue.reprint(job_id)
    assert queue.run_once().id == copy_id
    pages = sim.decoded().pages()
    assert pages[1][:2] == ["*** COPY ***", "Receipt S1-T1-000007"]
    assert queue.job(copy_id).reprint_of == job_id
    with pytest.raises(KeyError, match="no print job"):
        queue.reprint("nope")
    queue.stop()


def test_backoff_grows_between_attempts(tmp_path):
    now = [100.0]
    queue = PrintQueue(
        tmp_path / "q.sqlite3",
        send=lambda doc: PrinterStatus(PrinterState.UNREACHABLE),
        backoff_first=2.0,
        clock=lambda: now[0],
    )
    job_id = queue.submit(_receipt("S1-T1-000008"))
    queue.run_once()
    first_wait = queue.job(job_id).next_attempt - now[0]
    assert queue.run_once() is None  # not due yet
    now[0] += 10
    queue.run_once()
    second_wait = queue.job(job_id).next_attempt - now[0]
    assert 1.6 <= first_wait <= 2.4 and 3.2 <= second_wait <= 4.8
    queue.stop()


def test_a_failing_adapter_marks_the_job_failed_and_the_worker_keeps_going(tmp_path):
    calls, changes = [], []

    def send(doc):
        calls.append(doc.title)
        if len(calls) == 1:
            raise RuntimeError("render bug")
        return PrinterStatus(PrinterState.READY)

    queue = PrintQueue(
        tmp_path / "q.sqlite3", send=send, backoff_first=0.05, on_change=lambda: changes.append(1)
    ).start()
    try:
        job_id = queue.submit(_receipt("S1-T1-000009"))
        assert _wait(lambda: queue.job(job_id).status == "printed")
        assert calls == ["Receipt S1-T1-000009"] * 2
        assert queue.job(job_id).attempts == 2
        assert changes  # the UI was told about every change
    finally:
        queue.stop()


def test_cancelled_jobs_are_not_printed(sim, tmp_path):
    sim.state.paper = "out"
    queue = _queue(tmp_path / "q.sqlite3", _printer(sim.port))
    job_id = queue.submit(_receipt("S1-T1-000010"))
    queue.run_once()
    queue.cancel(job_id)
    sim.state.paper = "ok"
    queue.retry_now()
    assert queue.run_once() is None
    assert queue.job(job_id).status == "cancelled" and queue.pending() == 0
    queue.stop()
