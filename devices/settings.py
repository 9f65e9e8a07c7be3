"""Device settings from the ``[printer]``, ``[drawer]``, ``[scanner]`` and ``[scale]``
tables of the device's TOML config (``kassa.config.load()``).

    [printer]
    connection = "network"      # network, serial, usb, file, none
    host = "192.168.1.50"       # network
    port = 9100
    device = "/dev/ttyUSB0"     # serial port or file/device node
    baudrate = 38400
    usb_vendor = 0x04b8         # usb
    usb_product = 0x0e15
    model = "tm-t20ii"          # see devices/printer/models.py
    code_page = "CP858"         # optional; the model's by default
    status_timeout = 2.0

    [drawer]
    via = "printer"             # printer, serial, none
    pin = 2                     # 2 or 5
    on_ms = 100
    off_ms = 100
    realtime = true             # DLE DC4 when the model supports it
    open_when_high = true       # sensor polarity
    device = "/dev/ttyS1"       # via = "serial"
    open_bytes = "07"           # hex bytes that make a serial drawer open

    [scanner]
    connection = "serial"       # serial, wedge, none
    device = "/dev/ttyACM0"
    baudrate = 9600
    suffix = "CR"               # CR, LF, CRLF
    wedge_threshold_ms = 30     # keyboard wedge: max gap between scanner keystrokes
    wedge_min_length = 6
    rcn_region = "de"           # GS1 variable-measure layout (ISO 3166 alpha-2)

    [scale]                     # optional: Toledo 8213/8217 protocol
    connection = "serial"       # serial, none
    device = "/dev/ttyUSB1"

    [display]                   # optional: two-line customer display (Epson DM-D)
    connection = "serial"       # serial, none
    device = "/dev/ttyUSB2"
    columns = 20
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from kassa.devices.printer.models import model_for


class DeviceSettingsError(ValueError):
    """A device setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class PrinterSettings:
    connection: str = "none"
    host: str = "127.0.0.1"
    port: int = 9100
    device: str = ""
    baudrate: int = 9600
    usb_vendor: int = 0
    usb_product: int = 0
    usb_in_ep: int = 0x82
    usb_out_ep: int = 0x01
    model: str = "generic-80"
    code_page: str = ""
    status_timeout: float = 2.0
    connect_timeout: float = 3.0


@dataclass(frozen=True)
class DrawerSettings:
    via: str = "printer"
    pin: int = 2
    on_ms: int = 100
    off_ms: int = 100
    realtime: bool = True
    open_when_high: bool = True
    device: str = ""
    baudrate: int = 9600
    open_bytes: str = "07"


@dataclass(frozen=True)
class ScannerSettings:
    connection: str = "none"
    device: str = ""
    baudrate: int = 9600
    suffix: str = "CR"
    wedge_threshold_ms: int = 30
    wedge_min_length: int = 6
    rcn_region: str = ""


@dataclass(frozen=True)
class ScaleSettings:
    connection: str = "none"
    device: str = ""
    baudrate: int = 9600
    timeout: float = 1.0


@dataclass(frozen=True)
class DisplaySettings:
    connection: str = "none"
    device: str = ""
    baudrate: int = 9600
    columns: int = 20
    code_page: str = "CP858"


@dataclass(frozen=True)
class DeviceSettings:
    printer: PrinterSettings
    drawer: DrawerSettings
    scanner: ScannerSettings
    scale: ScaleSettings = ScaleSettings()
    display: DisplaySettings = DisplaySettings()


CHOICES = {
    ("printer", "connection"): ("network", "serial", "usb", "file", "none"),
    ("drawer", "via"): ("printer", "serial", "none"),
    ("drawer", "pin"): (2, 5),
    ("scanner", "connection"): ("serial", "wedge", "none"),
    ("scanner", "suffix"): ("CR", "LF", "CRLF"),
    ("scale", "connection"): ("serial", "none"),
    ("display", "connection"): ("serial", "none"),
    ("display", "code_page"): ("CP437", "CP850", "CP858", "CP1252"),
}
KINDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text in quotes"}


def _section(cls, name: str, table: Any):
    if table is None:
        table = {}
    if not isinstance(table, dict):
        raise DeviceSettingsError(f"[{name}] must be a table in the config file")
    known = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise DeviceSettingsError(
                f"[{name}] {key}: unknown setting; known ones: {', '.join(known)}"
            )
        default = known[key].default
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(default, bool) != isinstance(value, bool) or not isinstance(
            value, type(default)
        ):
            raise DeviceSettingsError(
                f"[{name}] {key} = {value!r}: expected {KINDS[type(default)]}"
            )
        choices = CHOICES.get((name, key))
        if choices and value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            raise DeviceSettingsError(f"[{name}] {key} = {value!r}: use one of {allowed}")
        values[key] = value
    return cls(**values)


def device_settings(config: dict[str, Any]) -> DeviceSettings:
    """Read and check the device tables of a loaded config; raises with a clear message."""
    settings = DeviceSettings(
        printer=_section(PrinterSettings, "printer", config.get("printer")),
        drawer=_section(DrawerSettings, "drawer", config.get("drawer")),
        scanner=_section(ScannerSettings, "scanner", config.get("scanner")),
        scale=_section(ScaleSettings, "scale", config.get("scale")),
        display=_section(DisplaySettings, "display", config.get("display")),
    )
    _check_model(settings.printer)
    try:
        bytes.fromhex(settings.drawer.open_bytes)
    except ValueError:
        raise DeviceSettingsError(
            f"[drawer] open_bytes = {settings.drawer.open_bytes!r}: write hex bytes, e.g. '07'"
        ) from None
    return settings


def _check_model(printer: PrinterSettings) -> None:
    try:
        model = model_for(printer.model)
    except ValueError as exc:
        raise DeviceSettingsError(str(exc)) from None
    if not printer.code_page:
        return  # the model's own page: python-escpos' profile database is not needed
    from escpos.capabilities import get_profile  # ~0.35-0.5 s: only to check a page

    pages = get_profile(model.escpos_profile).get_code_pages()
    if printer.code_page not in pages:
        known = ", ".join(sorted(p for p in pages if p != "Unknown"))
        raise DeviceSettingsError(
            f"[printer] code_page = {printer.code_page!r} is not in the {model.name} table; "
            f"use one of: {known}"
        )
