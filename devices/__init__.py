"""Devices: receipt printers, cash drawers, scanners and a scale, on their real protocols.

What the rest of Kassa calls (all faults come back as values, never exceptions):

- ``settings.device_settings(config)`` -> ``DeviceSettings`` from the ``[printer]``,
  ``[drawer]`` and ``[scanner]`` tables (clear ``DeviceSettingsError`` otherwise).
- ``printer.adapter.EscposPrinter(settings.printer)``: ``status()``, ``send(bytes)``,
  ``print_document(doc)``, ``last_status`` -> ``status.PrinterStatus``.
- ``print_queue.PrintQueue(path, send=printer.print_document).start()``:
  ``submit(doc)``, ``reprint(job_id)``, ``retry_now()``, ``jobs()``, ``pending()``,
  ``last_status``; durable (SQLite), ordered, retried with backoff.
- ``drawer.PrinterDrawer(printer, settings.drawer)`` / ``drawer.SerialDrawer(settings.drawer)``:
  ``open() -> DrawerResult``, ``is_open()``.
- ``scanner.serial_scanner.SerialScanner``, ``scanner.wedge.WedgeDetector``,
  ``scanner.gs1.BarcodeReader(rcn_region=...).decode(raw) -> Scan``; ``scale.SerialScale``;
  ``customer_display.SerialCustomerDisplay.show(top, bottom)``.
- ``layout``: ``receipt.receipt_document``, ``reports.shift_report_document`` /
  ``cash_slip_document``, ``commercial.commercial_document`` -> ``PrintDocument``;
  ``escpos_render.render_escpos`` and ``png_render.render_png`` render one.
- ``sim``: ``TcpPrinterSimulator``, ``PtyPrinterSimulator``, ``PtyScannerSimulator``,
  ``PtyScaleSimulator``; ``decoder.decode(bytes)`` reads printed bytes back as text.
"""
