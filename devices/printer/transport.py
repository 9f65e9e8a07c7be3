"""Open a python-escpos printer for the configured connection, and talk to it
raw for status: drain stale input, send ``DLE EOT n``, read one byte with a
short timeout (the library's own query waits 60 s on a silent network printer
and reads 16 bytes on serial, see HARDWARE-NOTES)."""

from __future__ import annotations

import time

from kassa.devices.printer.models import PrinterModel
from kassa.devices.settings import PrinterSettings


class NoStatus(Exception):
    """This connection cannot report status (file or device node)."""


def build(settings: PrinterSettings, model: PrinterModel):
    """A python-escpos printer object (not opened yet) for ``settings``."""
    from escpos import printer as escpos_printer  # slow to import: on first use, off the UI

    profile = model.escpos_profile
    kind = settings.connection
    if kind == "network":
        return escpos_printer.Network(
            host=settings.host,
            port=settings.port,
            timeout=settings.connect_timeout,
            profile=profile,
        )
    if kind == "serial":
        return escpos_printer.Serial(
            devfile=settings.device,
            baudrate=settings.baudrate,
            timeout=settings.status_timeout,
            profile=profile,
        )
    if kind == "usb":  # keyword arguments only: positional ones changed meaning in 3.x
        return escpos_printer.Usb(
            idVendor=settings.usb_vendor,
            idProduct=settings.usb_product,
            timeout=int(settings.status_timeout * 1000),
            in_ep=settings.usb_in_ep,
            out_ep=settings.usb_out_ep,
            profile=profile,
        )
    if kind == "file":
        return escpos_printer.File(devfile=settings.device, profile=profile)
    raise ValueError(f"[printer] connection = {kind!r}: no printer to open")


def drain(device, kind: str, *, settle: float = 0.0, in_ep: int = 0x82) -> None:
    """Throw away bytes the printer sent earlier (stray replies, ASB).

    ``settle``: after sending data, how long to let late replies arrive first
    (bytes ``10 04 n`` inside image data make a printer answer).
    """
    if kind == "network":
        if settle:
            device.settimeout(settle)
        else:
            device.setblocking(False)
        try:
            while True:
                chunk = device.recv(1024)
                if not chunk:
                    raise ConnectionError("the printer closed the connection")
        except (BlockingIOError, TimeoutError):
            pass
        finally:
            device.setblocking(True)
    elif kind == "serial":
        if settle:
            device.flush()
            time.sleep(settle)
        device.reset_input_buffer()
    elif kind == "usb":
        deadline = time.monotonic() + max(settle, 0.05)
        while time.monotonic() < deadline:
            try:
                device.read(in_ep, 64, 10)
            except Exception:  # usb.core.USBTimeoutError: nothing left
                if not settle:
                    return


def query(
    device, kind: str, *, n: int, timeout: float, in_ep: int = 0x82, out_ep: int = 0x01
) -> int:
    """Send ``DLE EOT n`` and read the one-byte reply; TimeoutError when silent."""
    request = bytes([0x10, 0x04, n])
    if kind == "network":
        device.settimeout(timeout)
        device.sendall(request)
        try:
            reply = device.recv(1)
        except TimeoutError:
            raise TimeoutError(f"no answer to DLE EOT {n} within {timeout:g} s") from None
        if not reply:
            raise ConnectionError("the printer closed the connection")
        return reply[0]
    if kind == "serial":
        device.timeout = timeout
        device.write(request)
        reply = device.read(1)
        if not reply:
            raise TimeoutError(f"no answer to DLE EOT {n} within {timeout:g} s")
        return reply[0]
    if kind == "usb":
        device.write(out_ep, request, int(timeout * 1000))
        try:
            # A bulk endpoint delivers whole packets: ask for one, use its first byte.
            reply = device.read(in_ep, 64, int(timeout * 1000))
        except Exception as exc:  # usb.core.USBTimeoutError
            raise TimeoutError(f"no answer to DLE EOT {n}: {exc}") from exc
        if not len(reply):
            raise TimeoutError(f"no answer to DLE EOT {n} within {timeout:g} s")
        return reply[0]
    raise NoStatus(kind)
