"""A two-line customer display (pole display) on a serial port, Epson DM-D command set.

``ESC @`` initialises, ``ESC t n`` picks the code page (19: CP858 with €),
``FF`` clears, ``US $ x y`` moves the cursor. Lines are cut to the display's
width (20 characters on most models); a fault is a result, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass

import serial

from kassa.devices.layout.columns import two_columns

PAGE_NUMBERS = {"CP437": 0, "CP850": 2, "CP858": 19, "CP1252": 16}


@dataclass(frozen=True)
class DisplayResult:
    shown: bool
    message: str = ""


def display_frame(top: str, bottom: str, *, columns: int = 20, code_page: str = "CP858") -> bytes:
    """The bytes that show ``top`` and ``bottom`` (each cut to ``columns``)."""
    if code_page not in PAGE_NUMBERS:
        raise ValueError(
            f"customer display code page {code_page!r}: use one of {list(PAGE_NUMBERS)}"
        )
    codec = code_page.lower()
    out = bytearray(b"\x1b@" + bytes([0x1B, 0x74, PAGE_NUMBERS[code_page]]) + b"\x0c")
    for row, text in ((1, top), (2, bottom)):
        out += bytes([0x1F, 0x24, 1, row])
        out += text[:columns].ljust(columns).encode(codec, "replace")
    return bytes(out)


def item_and_amount(name: str, amount: str, *, columns: int = 20) -> str:
    """One display line: the name cut short so the amount always shows."""
    room = columns - len(amount) - 1
    return two_columns(name[: max(room, 0)], amount, columns)[-1]


class SerialCustomerDisplay:
    def __init__(
        self, *, device: str, baudrate: int = 9600, columns: int = 20, code_page: str = "CP858"
    ) -> None:
        self.device, self.baudrate = device, baudrate
        self.columns, self.code_page = columns, code_page

    def show(self, top: str, bottom: str = "") -> DisplayResult:
        data = display_frame(top, bottom, columns=self.columns, code_page=self.code_page)
        try:
            with serial.Serial(self.device, self.baudrate, timeout=1, write_timeout=2) as port:
                port.write(data)
                port.flush()
        except (serial.SerialException, OSError) as exc:
            return DisplayResult(False, f"Customer display on {self.device}: {exc}")
        return DisplayResult(True)
