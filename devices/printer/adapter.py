"""The receipt printer adapter: sends a print job and reports status.

Every call answers with a :class:`PrinterStatus`; nothing raises into the
caller's sale. A job is sent only when the printer says it can print, and is
confirmed by a status query afterwards: a printer answers in order, so its
reply proves every byte before it arrived (a network printer that drops the
connection mid-job otherwise loses the data silently, python-escpos #253).
"""

from __future__ import annotations

import contextlib
import logging
import threading

from escpos.exceptions import DeviceNotFoundError

from kassa.devices.layout.document import PrintDocument
from kassa.devices.layout.escpos_render import render_escpos
from kassa.devices.printer import transport
from kassa.devices.printer.models import PrinterModel, model_for
from kassa.devices.settings import PrinterSettings
from kassa.devices.status import PrinterState, PrinterStatus, from_replies, valid_reply

try:
    from serial import SerialException
except ImportError:  # pragma: no cover - pyserial is a dependency
    SerialException = OSError


log = logging.getLogger(__name__)

# After sending data, wait this long for late stray replies before querying.
SETTLE = 0.15


class EscposPrinter:
    """A configured receipt printer. Opens its connection per operation."""

    def __init__(self, settings: PrinterSettings, *, drawer_open_when_high: bool = True) -> None:
        self.settings = settings
        self.model: PrinterModel = model_for(settings.model)
        self.code_page = settings.code_page or self.model.code_page
        self.columns = self.model.columns
        self.drawer_open_when_high = drawer_open_when_high
        self._lock = threading.Lock()
        self.last_status = PrinterStatus(PrinterState.UNKNOWN)

    # -- public ------------------------------------------------------------
    def status(self) -> PrinterStatus:
        """Online, paper, cover and drawer sensor, within ~status_timeout per query."""
        return self._run(None)

    def send(self, data: bytes) -> PrinterStatus:
        """Print ``data`` (ESC/POS bytes) if the printer can; the status afterwards.

        ``status.can_print`` is True only when the printer confirmed the job.
        """
        return self._run(lambda printer: printer._raw(data), check_first=True)

    def print_document(self, doc: PrintDocument, *, kick: bytes = b"") -> PrinterStatus:
        """Render ``doc`` for this model and code page, and send it (see ``send``)."""
        data = render_escpos(doc, model=self.model, code_page=self.code_page, kick=kick)
        return self.send(data)

    def send_realtime(self, data: bytes) -> PrinterStatus:
        """Send a real-time command (e.g. ``DLE DC4``) without checking first."""
        return self._run(lambda printer: printer._raw(data))

    # -- internals ---------------------------------------------------------
    def _run(self, action, *, check_first: bool = False) -> PrinterStatus:
        with self._lock:
            printer = None
            try:
                printer = transport.build(self.settings, self.model)
                if check_first:
                    before = self._read_status(printer)
                    if not before.can_print:
                        return self._remember(before)
                if action is None:
                    return self._remember(self._read_status(printer))
                action(printer)
                return self._remember(self._read_status(printer, settle=SETTLE))
            except (DeviceNotFoundError, FileNotFoundError, PermissionError) as exc:
                return self._remember(PrinterStatus(PrinterState.UNREACHABLE, detail=_short(exc)))
            except TimeoutError as exc:
                return self._remember(
                    PrinterStatus(PrinterState.NOT_RESPONDING, detail=_short(exc))
                )
            except (OSError, SerialException) as exc:
                return self._remember(PrinterStatus(PrinterState.DISCONNECTED, detail=_short(exc)))
            except Exception as exc:  # e.g. no libusb: still a status, never a crash
                detail = _short(exc)
                if type(exc).__name__ == "NoBackendError":
                    detail = "no USB library on this machine: install libusb-1.0"
                else:
                    log.exception("printer %s failed", self.settings.connection)
                return self._remember(PrinterStatus(PrinterState.UNREACHABLE, detail=detail))
            finally:
                if printer is not None:
                    _close(printer)

    def _read_status(self, printer, *, settle: float = 0.0) -> PrinterStatus:
        kind = self.settings.connection
        device = printer.device  # opens the connection (raises DeviceNotFoundError)
        if kind == "file":
            return PrinterStatus(PrinterState.UNKNOWN)
        transport.drain(device, kind, settle=settle, in_ep=self.settings.usb_in_ep)
        replies = {}
        for n in (1, 2, 4):
            reply = transport.query(
                device,
                kind,
                n=n,
                timeout=self.settings.status_timeout,
                in_ep=self.settings.usb_in_ep,
                out_ep=self.settings.usb_out_ep,
            )
            if not valid_reply(reply):
                return PrinterStatus(PrinterState.OFFLINE, detail=f"odd status byte 0x{reply:02x}")
            replies[n] = reply
        return from_replies(
            printer=replies[1],
            offline_cause=replies[2],
            paper=replies[4],
            drawer_open_when_high=self.drawer_open_when_high,
        )

    def _remember(self, status: PrinterStatus) -> PrinterStatus:
        self.last_status = status
        return status


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _close(printer) -> None:
    # Closing a dead connection must not hide the real status.
    with contextlib.suppress(Exception):
        printer.close()
    printer._device = False  # keep escpos' __del__ from closing it again
