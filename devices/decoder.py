"""Turn recorded ESC/POS bytes back into what the paper shows.

Tests assert what a customer would read (text in the printer's code page,
styles, alignment), and which cuts, drawer kicks, barcodes and status queries
were sent. Unknown commands raise :class:`DecodeError` naming the offset, so a
garbled stream never passes a test by accident.
"""

from __future__ import annotations

from dataclasses import replace

from escpos.capabilities import CAPABILITIES, get_profile

from kassa.devices.decoder_codes import CodeCommands, DecodeError, Truncated
from kassa.devices.escpos_commands import ALIGN, DLE, ESC, ESC_SIMPLE, GS, GS_SIMPLE, LF
from kassa.devices.receipt_text import Cut, Decoded, DrawerKick, Feed, Image, Line, Span, Style

__all__ = ["DecodeError", "decode"]


def decode(data: bytes, *, profile: str | None = None, partial_ok: bool = False) -> Decoded:
    """Decode ``data``; ``partial_ok`` accepts a stream cut off mid-command."""
    return _Decoder(data, profile, partial_ok).run()


def _code_page_table(profile: str | None) -> dict[int, str]:
    pages = get_profile(profile).get_code_pages()
    return {int(number): name for name, number in pages.items() if name != "Unknown"}


class _Decoder(CodeCommands):
    def __init__(self, data: bytes, profile: str | None, partial_ok: bool) -> None:
        self.data, self.pos, self.partial_ok = data, 0, partial_ok
        self.pages = _code_page_table(profile)
        self.out = Decoded()
        self.reset()
        self.spans: list[Span] = []
        self.text = bytearray()
        self.qr_data = ""  # stored by GS ( k ... P, printed by GS ( k ... Q

    def reset(self) -> None:
        self.style = Style()
        self.codec = "cp437"

    # -- reading ---------------------------------------------------------
    def take(self, count: int) -> bytes:
        if self.pos + count > len(self.data):
            raise Truncated(self.pos)
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def run(self) -> Decoded:
        try:
            while self.pos < len(self.data):
                self.step()
        except Truncated as exc:
            if not self.partial_ok:
                raise DecodeError(f"stream ends inside a command at byte {exc.args[0]}") from None
        self.end_line(force=False)
        return self.out

    # -- text ------------------------------------------------------------
    def flush_text(self) -> None:
        if self.text:
            self.spans.append(Span(bytes(self.text).decode(self.codec, "replace"), self.style))
            self.text.clear()

    def set_style(self, **changes) -> None:
        self.flush_text()
        self.style = replace(self.style, **changes)

    def end_line(self, *, force: bool = True) -> None:
        self.flush_text()
        if self.spans or force:
            align = self.spans[0].style.align if self.spans else self.style.align
            self.out.items.append(Line(tuple(self.spans), align))
        self.spans = []

    def emit(self, item) -> None:
        self.end_line(force=False)
        self.out.items.append(item)

    # -- commands --------------------------------------------------------
    def step(self) -> None:
        b = self.byte()
        if b == LF:
            self.end_line()
        elif b == ESC:
            self.esc(self.take(1))
        elif b == GS:
            self.gs(self.take(1))
        elif b == DLE:
            self.dle()
        elif b in (0x0D, 0x00):
            pass
        elif b == 0x09:
            self.text += b"    "
        elif b < 0x20:
            raise DecodeError(f"unexpected control byte 0x{b:02x} at byte {self.pos - 1}")
        else:
            self.text.append(b)

    def esc(self, cmd: bytes) -> None:
        if cmd == b"@":
            self.end_line(force=False)
            self.reset()
        elif cmd == b"t":
            number = self.byte()
            name = self.pages.get(number)
            if name is None:
                raise DecodeError(f"ESC t {number}: code page not in the printer profile")
            self.flush_text()
            self.codec = CAPABILITIES["encodings"][name].get("python_encode") or name.lower()
            self.out.code_pages.append(name)
        elif cmd == b"!":
            n = self.byte()
            self.set_style(
                font_b=bool(n & 1),
                bold=bool(n & 8),
                double_height=bool(n & 16),
                double_width=bool(n & 32),
                underline=bool(n & 128),
            )
        elif cmd == b"a":
            self.set_style(align=ALIGN.get(self.byte(), "left"))
        elif cmd == b"d":
            self.end_line(force=False)
            self.out.items.append(Feed(self.byte()))
        elif cmd == b"p":
            pin, on, off = self.take(3)
            self.emit(DrawerKick(pin=5 if pin in (1, 49) else 2, on_ms=on * 2, off_ms=off * 2))
        elif cmd == b"*":
            mode, low, high = self.take(3)
            width = low + high * 256
            self.take(width * (3 if mode in (32, 33) else 1))
            self.emit(Image(width, 24 if mode in (32, 33) else 8))
        elif cmd in (b"E", b"-", b"M", b"{"):
            n = self.byte()
            key = {b"E": "bold", b"-": "underline", b"M": "font_b", b"{": None}[cmd]
            if key:
                self.set_style(**{key: n not in (0, 48)})  # 1/49 on; underline 2/50 thick
        elif cmd in ESC_SIMPLE:
            self.take(ESC_SIMPLE[cmd])
        else:
            raise DecodeError(f"unknown command ESC {cmd!r} at byte {self.pos - 2}")

    def gs(self, cmd: bytes) -> None:
        if cmd == b"!":
            n = self.byte()
            self.set_style(double_width=(n >> 4) > 0, double_height=(n & 15) > 0)
        elif cmd == b"B":
            self.set_style(invert=bool(self.byte() & 1))
        elif cmd == b"V":
            mode = self.byte()
            if mode in (65, 66):
                self.byte()
            self.emit(Cut(partial=mode in (1, 49, 66)))
        elif cmd == b"k":
            self.barcode()
        elif cmd == b"(":
            self.gs_paren()
        elif cmd in (b"v", b"8"):
            self.raster(cmd)
        elif cmd in GS_SIMPLE:
            self.take(GS_SIMPLE[cmd])
        else:
            raise DecodeError(f"unknown command GS {cmd!r} at byte {self.pos - 2}")
