"""A serial checkout scale speaking the Toledo 8213/8217 protocol.

The till sends ``W``; the scale answers ``STX weight CR`` (e.g. ``\\x0200.750\\r``,
kilograms) when the weight is stable, or ``STX ? status CR`` when it is not:
status bit 0 in motion, bit 1 over capacity, bit 2 under zero, bit 3 outside
the zero range. Like the printer, a fault is a reading the UI shows, never an
exception into the sale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import serial

ANSWER = re.compile(rb"^\x02(?:\?(?P<status>.)|(?P<weight>\d+\.\d+))\r$", re.DOTALL)
PROBLEMS = (
    (0x02, "over_capacity", "Too heavy for the scale: take something off."),
    (0x04, "under_zero", "Scale below zero: empty it and zero it."),
    (0x08, "zero_error", "Scale cannot find zero: empty it and restart it."),
    (0x01, "motion", "Scale still moving: wait a moment."),
)


@dataclass(frozen=True)
class ScaleReading:
    state: str  # stable, motion, over_capacity, under_zero, zero_error, no_answer, unreachable
    weight: Decimal | None = None  # kg, only when stable
    message: str = ""

    @property
    def stable(self) -> bool:
        return self.state == "stable"


def parse_answer(answer: bytes) -> ScaleReading:
    match = ANSWER.match(answer)
    if match is None:
        return ScaleReading("no_answer", message=f"Scale answered {answer!r}: check its protocol.")
    if match["weight"] is not None:
        weight = Decimal(match["weight"].decode("ascii"))
        return ScaleReading("stable", weight, f"{weight} kg")
    status = match["status"][0]
    for bit, state, message in PROBLEMS:
        if status & bit:
            return ScaleReading(state, message=message)
    return ScaleReading("motion", message="Scale not ready: wait a moment.")


class SerialScale:
    def __init__(self, *, device: str, baudrate: int = 9600, timeout: float = 1.0) -> None:
        self.device, self.baudrate, self.timeout = device, baudrate, timeout

    def read(self) -> ScaleReading:
        """Ask for the weight once (7 data bits, even parity, as the protocol specifies)."""
        try:
            with serial.Serial(
                self.device,
                self.baudrate,
                bytesize=serial.SEVENBITS,
                parity=serial.PARITY_EVEN,
                timeout=self.timeout,
            ) as port:
                port.reset_input_buffer()
                port.write(b"W")
                answer = port.read_until(b"\r", size=16)
        except (serial.SerialException, OSError) as exc:
            return ScaleReading("unreachable", message=f"Scale on {self.device}: {exc}")
        if not answer:
            return ScaleReading("no_answer", message="Scale not answering: check power and cable.")
        return parse_answer(answer)
