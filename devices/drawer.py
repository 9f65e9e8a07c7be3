"""Cash drawers: kicked through the receipt printer or on their own serial port.

Through the printer: ``ESC p m t1 t2`` (pin 2 or 5; on t1×2 ms, off t2×2 ms),
which waits behind queued print data, or the real-time ``DLE DC4 1 m t``
(t×100 ms) on models that support it. The open sensor (printer status bit,
connector pin 3) means "open" when high or when low depending on the drawer:
``open_when_high`` in the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.settings import DrawerSettings
from kassa.devices.status import PrinterState, PrinterStatus


@dataclass(frozen=True)
class DrawerResult:
    sent: bool  # the kick reached the device
    is_open: bool | None  # the sensor afterwards (None: no sensor or not known)
    message: str


class CashDrawer(Protocol):
    def open(self) -> DrawerResult: ...

    def is_open(self) -> bool | None: ...


def kick_bytes(settings: DrawerSettings) -> bytes:
    """``ESC p m t1 t2`` for the configured pin and pulse lengths."""
    pin = 0 if settings.pin == 2 else 1
    on, off = (max(1, min(255, ms // 2)) for ms in (settings.on_ms, settings.off_ms))
    return bytes([0x1B, 0x70, pin, on, off])


def realtime_kick_bytes(settings: DrawerSettings) -> bytes:
    """``DLE DC4 1 m t``: the pulse in 100 ms steps, 1 to 8."""
    pin = 0 if settings.pin == 2 else 1
    return bytes([0x10, 0x14, 0x01, pin, max(1, min(8, round(settings.on_ms / 100)))])


class PrinterDrawer:
    """A drawer plugged into the printer's drawer-kick connector."""

    def __init__(self, printer: EscposPrinter, settings: DrawerSettings) -> None:
        self.printer, self.settings = printer, settings
        printer.drawer_open_when_high = settings.open_when_high

    def open(self) -> DrawerResult:
        realtime = self.settings.realtime and self.printer.model.realtime_kick
        data = realtime_kick_bytes(self.settings) if realtime else kick_bytes(self.settings)
        status = self.printer.send_realtime(data)
        return _result(status)

    def is_open(self) -> bool | None:
        return self.printer.status().drawer_open


def _result(status: PrinterStatus) -> DrawerResult:
    reached = status.state not in (
        PrinterState.UNREACHABLE,
        PrinterState.DISCONNECTED,
        PrinterState.NOT_RESPONDING,
    )
    if not reached:
        return DrawerResult(False, None, f"Drawer not opened. {status.message}")
    return DrawerResult(True, status.drawer_open, "Drawer opened.")


class SerialDrawer:
    """A drawer with its own serial port that opens when it receives ``open_bytes``."""

    def __init__(self, settings: DrawerSettings) -> None:
        self.settings = settings

    def open(self) -> DrawerResult:
        import serial

        try:
            with serial.Serial(
                self.settings.device, self.settings.baudrate, timeout=1, write_timeout=2
            ) as port:
                port.write(bytes.fromhex(self.settings.open_bytes))
                port.flush()
        except (serial.SerialException, OSError) as exc:
            return DrawerResult(
                False, None, f"Drawer not opened: {self.settings.device}: {exc}. Check the cable."
            )
        return DrawerResult(True, None, "Drawer opened.")

    def is_open(self) -> bool | None:
        return None  # a serial drawer has no sensor line we can read
