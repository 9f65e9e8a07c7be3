"""The decoder's commands for codes, images and real-time requests.

``GS k`` barcodes, ``GS ( k`` QR codes, ``GS v 0`` / ``GS 8 L`` / ``GS ( L`` images
and ``DLE EOT`` / ``DLE DC4``; mixed into the decoder, which supplies ``take``,
``byte``, ``emit`` and the stream position.
"""

from __future__ import annotations

from kassa.devices.escpos_commands import BARCODE_A, BARCODE_B
from kassa.devices.receipt_text import Barcode, DrawerKick, Image, QrCode, StatusQuery


class DecodeError(ValueError):
    """The bytes are not an ESC/POS stream this decoder understands."""


class Truncated(Exception):
    """The stream ends inside a command (its position in ``args[0]``)."""


class CodeCommands:
    data: bytes
    pos: int
    qr_data: str

    # Supplied by the decoder.
    def take(self, count: int) -> bytes:
        raise NotImplementedError

    def byte(self) -> int:
        raise NotImplementedError

    def emit(self, item) -> None:
        raise NotImplementedError

    def barcode(self) -> None:
        m = self.byte()
        if m in BARCODE_A:
            end = self.data.find(b"\x00", self.pos)
            if end < 0:
                raise Truncated(self.pos)
            data = self.take(end - self.pos)
            self.take(1)
            self.emit(Barcode(BARCODE_A[m], data.decode("ascii", "replace")))
        elif m in BARCODE_B:
            data = self.take(self.byte())
            self.emit(Barcode(BARCODE_B[m], data.decode("ascii", "replace").removeprefix("{B")))
        else:
            raise DecodeError(f"GS k: unknown barcode system {m} at byte {self.pos - 1}")

    def gs_paren(self) -> None:
        fn_group = self.take(1)
        low, high = self.take(2)
        body = self.take(low + high * 256)
        if fn_group == b"k" and body[:1] == b"1" and body[1:2] == b"P":
            self.qr_data = body[3:].decode("utf-8", "replace")
        elif fn_group == b"k" and body[:1] == b"1" and body[1:2] == b"Q":
            self.emit(QrCode(self.qr_data))
        elif fn_group == b"L" and body[1:2] in (b"2", b"\x32"):
            self.emit(Image(0, 0))

    def dle(self) -> None:
        fn = self.byte()
        if fn == 0x04:
            self.emit(StatusQuery(self.byte()))
        elif fn == 0x14:
            _, pin, pulse = self.take(3)
            self.emit(
                DrawerKick(
                    pin=5 if pin == 1 else 2, on_ms=pulse * 100, off_ms=pulse * 100, realtime=True
                )
            )
        else:
            raise DecodeError(f"unknown real-time command DLE 0x{fn:02x} at byte {self.pos - 2}")

    def raster(self, cmd: bytes) -> None:
        if cmd == b"v":  # GS v 0 m xL xH yL yH data
            _, _, xl, xh, yl, yh = self.take(6)
            width, height = xl + xh * 256, yl + yh * 256
            self.take(width * height)
            self.emit(Image(width * 8, height))
        else:  # GS 8 L p1..p4 data
            self.take(1)
            size = int.from_bytes(self.take(4), "little")
            self.take(size)
            self.emit(Image(0, 0))
