"""Device settings from the TOML config, and the transports they build."""

from __future__ import annotations

import pytest

from kassa.devices.printer import transport
from kassa.devices.printer.adapter import EscposPrinter
from kassa.devices.printer.models import model_for
from kassa.devices.settings import DeviceSettingsError, PrinterSettings, device_settings
from kassa.devices.status import PrinterState


def test_defaults_mean_no_hardware():
    settings = device_settings({})
    assert settings.printer.connection == "none" and settings.scanner.connection == "none"
    assert settings.drawer.pin == 2 and settings.printer.status_timeout == 2.0


def test_a_full_config_is_read():
    settings = device_settings(
        {
            "printer": {"connection": "serial", "device": "/dev/ttyUSB0", "baudrate": 38400},
            "drawer": {"pin": 5, "on_ms": 120, "open_when_high": False},
            "scanner": {"connection": "wedge", "wedge_threshold_ms": 25, "suffix": "CRLF"},
        }
    )
    assert settings.printer.baudrate == 38400 and settings.drawer.pin == 5
    assert settings.drawer.open_when_high is False and settings.scanner.suffix == "CRLF"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"printer": {"conection": "network"}}, r"\[printer\] conection: unknown setting"),
        ({"printer": {"port": "9100"}}, r"\[printer\] port = '9100': expected a whole number"),
        ({"drawer": {"pin": 3}}, r"\[drawer\] pin = 3: use one of 2, 5"),
        ({"drawer": {"realtime": 1}}, r"\[drawer\] realtime = 1: expected true or false"),
        ({"scanner": {"suffix": "TAB"}}, r"\[scanner\] suffix = 'TAB': use one of"),
        ({"drawer": {"open_bytes": "zz"}}, r"open_bytes = 'zz': write hex bytes"),
        ({"printer": "tm-t20"}, r"\[printer\] must be a table"),
        ({"printer": {"model": "tm-x"}}, r"\[printer\] model = 'tm-x' is not known; use one of"),
        ({"printer": {"code_page": "CP999"}}, r"code_page = 'CP999' is not in the Generic 80 mm"),
        ({"scale": {"connection": "usb"}}, r"\[scale\] connection = 'usb': use one of"),
        ({"display": {"columns": 20.5}}, r"\[display\] columns = 20.5: expected a whole number"),
    ],
)
def test_bad_settings_name_the_setting_and_the_fix(config, message):
    with pytest.raises(DeviceSettingsError, match=message):
        device_settings(config)


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(ValueError, match="tm-t20ii"):
        model_for("tm-t1000")


def test_usb_printer_is_built_with_keyword_arguments():
    settings = PrinterSettings(
        connection="usb", usb_vendor=0x04B8, usb_product=0x0E15, usb_in_ep=0x81, usb_out_ep=0x02
    )
    printer = transport.build(settings, model_for("tm-t20ii"))
    assert printer.usb_args == {"idVendor": 0x04B8, "idProduct": 0x0E15}
    assert (printer.in_ep, printer.out_ep, printer.timeout) == (0x81, 0x02, 2000)
    printer._device = None  # never opened: keep its destructor quiet


def test_usb_printer_without_a_device_is_a_status_not_an_exception():
    settings = PrinterSettings(connection="usb", usb_vendor=0x04B8, usb_product=0x0E15)
    status = EscposPrinter(settings).status()
    assert status.state == PrinterState.UNREACHABLE and not status.can_print
    assert status.detail
