"""``kassa devices test``: print a test page, kick the drawer, show printer status,
wait for one scan. Each step reports in plain words; nothing raises for a fault."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import datetime

from kassa.devices.customer_display import SerialCustomerDisplay
from kassa.devices.drawer import PrinterDrawer, SerialDrawer
from kassa.devices.layout.check_page import check_page
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.scale import SerialScale
from kassa.devices.scanner.barcodes import BarcodeError
from kassa.devices.scanner.gs1 import BarcodeReader
from kassa.devices.scanner.serial_scanner import SerialScanner
from kassa.devices.scanner.wedge import Scanned, WedgeDetector
from kassa.devices.settings import DeviceSettings


def run_self_test(
    settings: DeviceSettings,
    *,
    say: Callable[[str], None],
    scan_timeout: float,
    print_page: bool = True,
) -> bool:
    """True when every configured device answered as it should."""
    ok = True
    p = settings.printer
    if p.connection == "none":
        say('Printer: none configured ([printer] connection = "none").')
        printer = None
    else:
        printer = EscposPrinter(p, drawer_open_when_high=settings.drawer.open_when_high)
        where = f"{p.host}:{p.port}" if p.connection == "network" else p.device
        model, page = printer.model.name, printer.code_page
        say(f"Printer: {model} on {p.connection} {where}, code page {page}")
        status = printer.status()
        say(f"Printer status: {status.message}")
        if status.drawer_open is not None:
            say(f"Drawer sensor: {'open' if status.drawer_open else 'closed'}")
        if print_page:
            result = printer.print_document(
                check_page(model=printer.model, code_page=printer.code_page, when=datetime.now())
            )
            say(
                "Test page: printed."
                if result.can_print
                else f"Test page NOT printed: {result.message}"
            )
            ok &= result.can_print
        ok &= status.can_print
    ok &= _drawer(settings, printer, say)
    ok &= _scale_and_display(settings, say)
    return _scanner(settings, say, scan_timeout) and ok


def _scale_and_display(settings: DeviceSettings, say) -> bool:
    ok = True
    if settings.scale.connection == "serial":
        s = settings.scale
        reading = SerialScale(device=s.device, baudrate=s.baudrate, timeout=s.timeout).read()
        say(f"Scale: {reading.message}")
        ok = reading.state not in ("no_answer", "unreachable")
    if settings.display.connection == "serial":
        d = settings.display
        display = SerialCustomerDisplay(
            device=d.device, baudrate=d.baudrate, columns=d.columns, code_page=d.code_page
        )
        result = display.show("Kassa display test", "Grüße 1,50 €")
        say("Customer display: shows a test text." if result.shown else result.message)
        ok &= result.shown
    return ok


def _drawer(settings: DeviceSettings, printer: EscposPrinter | None, say) -> bool:
    via = settings.drawer.via
    if via == "none" or (via == "printer" and printer is None):
        say("Drawer: none configured.")
        return True
    drawer = (
        PrinterDrawer(printer, settings.drawer)
        if via == "printer"
        else SerialDrawer(settings.drawer)
    )
    result = drawer.open()
    say(f"Drawer: {result.message}")
    return result.sent


def _scanner(settings: DeviceSettings, say, timeout: float) -> bool:
    s = settings.scanner
    if s.connection == "none":
        say("Scanner: none configured.")
        return True
    reader = BarcodeReader(rcn_region=s.rcn_region)
    if s.connection == "serial":
        scanner = SerialScanner(device=s.device, baudrate=s.baudrate, suffix=s.suffix).start()
        try:
            if not scanner.wait_ready(3):
                say(f"Scanner: cannot open it: {scanner.error}")
                return False
            say(f"Scanner on {s.device}: scan a barcode within {timeout:g} s ...")
            code = scanner.read(timeout)
        finally:
            scanner.stop()
    else:
        say(f"Keyboard-wedge scanner: scan a barcode within {timeout:g} s ...")
        code = _wedge_scan(
            WedgeDetector(threshold_ms=s.wedge_threshold_ms, min_length=s.wedge_min_length),
            timeout,
            say,
        )
    if code is None:
        say("Scanner: no scan arrived.")
        return False
    try:
        scan = reader.decode(code)
    except BarcodeError as exc:
        say(f"Scanned {code!r}, but it is not usable: {exc}")
        return False
    extra = [
        f"weight {scan.weight} kg" if scan.weight is not None else "",
        f"price {scan.price}" if scan.price is not None else "",
        f"lot {scan.lot}" if scan.lot else "",
        f"best before {scan.best_before}" if scan.best_before else "",
    ]
    detail = ", ".join(x for x in extra if x)
    detail = f", {detail}" if detail else ""
    say(f"Scanned: {code} ({scan.symbology}, product {scan.lookup}{detail})")
    return True


def _wedge_scan(detector: WedgeDetector, timeout: float, say) -> str | None:
    """Read keys from the terminal with their timing (raw mode) until a scan arrives."""
    if not sys.stdin.isatty():
        say("Scanner: a keyboard-wedge test needs a terminal (stdin is not one).")
        return None
    import select
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    deadline = time.monotonic() + timeout
    try:
        tty.setcbreak(fd)
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.01)
            now = time.monotonic()
            # Keys read together arrived together: they share one time stamp.
            keys = os.read(fd, 256).decode("utf-8", "replace") if ready else ""
            events = [e for key in keys for e in detector.feed(key, now)] if keys else []
            for event in events or detector.flush(now):
                if isinstance(event, Scanned):
                    return event.code
                say(f"(typed by hand, not a scan: {event.text!r})")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    return None
